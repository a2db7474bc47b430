package io.gpenspark.job;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * When the Spark jobs of one driver action ended, as the scheduler stamped them, so the action's
 * time splits into its jobs (processing) and what the driver did after them (the manifest commit).
 * Listener events arrive asynchronously: {@link #commitSeconds} waits briefly for them, and says 0
 * (all of it processing) when they do not come.
 */
final class JobEndClock extends SparkListener implements AutoCloseable {
  private static final long WAIT_MS = 2_000;

  /** The job property setJobGroup sets (SparkContext.SPARK_JOB_GROUP_ID, private to Spark). */
  private static final String JOB_GROUP = "spark.jobGroup.id";

  private final SparkContext sc;
  private final String group;
  private final Set<Integer> running = new HashSet<>();
  private int ended;
  private long lastEndMs;

  private JobEndClock(SparkContext sc, String group) {
    this.sc = sc;
    this.group = group;
  }

  /** Listens to the jobs of job group {@code group} from now on. */
  static JobEndClock start(SparkContext sc, String group) {
    JobEndClock c = new JobEndClock(sc, group);
    sc.addSparkListener(c);
    return c;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    if (e.properties() != null && group.equals(e.properties().getProperty(JOB_GROUP))) {
      running.add(e.jobId());
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    if (running.remove(e.jobId())) {
      ended++;
      lastEndMs = Math.max(lastEndMs, e.time());
      notifyAll();
    }
  }

  /**
   * Seconds from the end of the last job to {@code actionEndMs} (the action's return); 0 when the
   * jobs' ends are not known.
   */
  synchronized double commitSeconds(long actionEndMs) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    try {
      while ((ended == 0 || !running.isEmpty()) && System.currentTimeMillis() < deadline) {
        wait(Math.max(1, deadline - System.currentTimeMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ended == 0 || !running.isEmpty() ? 0 : Math.max(0, actionEndMs - lastEndMs) / 1000.0;
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
