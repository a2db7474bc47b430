package io.gpenspark.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Tuple4;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The run's two counters (images done, images failed) as the driver can know them mid-task. An
 * accumulator's driver value moves only when a task ends; a running task's own value reaches the
 * driver with each executor heartbeat (spark.executor.heartbeatInterval). So: the latest heartbeat
 * value of each running task plus the final value of each task that succeeded.
 *
 * <p>Counted once per partition of a stage (the larger of its finished value and its running
 * attempts'), so a retried, resubmitted or speculative task is never added twice; a failed task's
 * counts are dropped, as Spark drops its accumulator updates.
 */
final class RunningCounts extends SparkListener {
  record Counts(long done, long failed) {}

  private record Part(int stage, int partition) {}

  private final long doneId;
  private final long failedId;
  private final Map<Long, Part> started = new HashMap<>();
  private final Map<Long, Counts> running = new HashMap<>();
  private final Map<Part, Counts> finished = new HashMap<>();

  RunningCounts(long doneId, long failedId) {
    this.doneId = doneId;
    this.failedId = failedId;
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart e) {
    started.put(e.taskInfo().taskId(), new Part(e.stageId(), e.taskInfo().partitionId()));
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
    Iterator<Tuple4<Object, Object, Object, Seq<AccumulableInfo>>> tasks =
        e.accumUpdates().iterator();
    while (tasks.hasNext()) {
      Tuple4<Object, Object, Object, Seq<AccumulableInfo>> t = tasks.next();
      long taskId = (Long) t._1();
      if (started.containsKey(taskId)) { // not a late heartbeat of a task already ended
        Counts before = running.getOrDefault(taskId, new Counts(0, 0));
        Counts now = read(t._4(), before);
        if (now.done() > 0 || now.failed() > 0) {
          running.put(taskId, now);
        }
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    long taskId = e.taskInfo().taskId();
    Part part = started.remove(taskId);
    running.remove(taskId);
    if (part != null && e.taskInfo().successful()) {
      Counts last = read(e.taskInfo().accumulables(), new Counts(0, 0));
      if (last.done() > 0 || last.failed() > 0) {
        finished.put(part, last);
      }
    }
  }

  synchronized Counts counts() {
    Map<Part, Counts> best = new HashMap<>(finished);
    running.forEach(
        (taskId, c) -> best.merge(started.get(taskId), c, (a, b) -> a.done() >= b.done() ? a : b));
    long done = 0;
    long failed = 0;
    for (Counts c : best.values()) {
      done += c.done();
      failed += c.failed();
    }
    return new Counts(done, failed);
  }

  /**
   * This run's values among a task's accumulator updates; the ones absent (zero) stay as they were.
   */
  private Counts read(Seq<AccumulableInfo> infos, Counts was) {
    long done = was.done();
    long failed = was.failed();
    Iterator<AccumulableInfo> it = infos.iterator();
    while (it.hasNext()) {
      AccumulableInfo a = it.next();
      if (a.update().isDefined() && (a.id() == doneId || a.id() == failedId)) {
        long v = ((Number) a.update().get()).longValue();
        if (a.id() == doneId) {
          done = v;
        } else {
          failed = v;
        }
      }
    }
    return new Counts(done, failed);
  }
}
