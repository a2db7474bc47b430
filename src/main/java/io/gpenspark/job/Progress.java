package io.gpenspark.job;

import java.io.Serializable;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's progress line during a run: done/total, images/s, ETA and failures so far, at most
 * every job.progress-interval seconds. Executors count into accumulators as each image finishes;
 * {@link RunningCounts} reads them from the executors' heartbeats, so the line moves while a task
 * runs (one partition included), not only when a task ends.
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  /** What the executors update; serializable, travels with the partition function. */
  record Counters(LongAccumulator done, LongAccumulator failed) implements Serializable {}

  private final SparkContext sc;
  private final Counters counters;
  private final RunningCounts running;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private Progress(SparkContext sc, Counters counters, long total, long intervalSeconds) {
    this.sc = sc;
    this.counters = counters;
    this.total = total;
    this.running = new RunningCounts(counters.done().id(), counters.failed().id());
    sc.addSparkListener(running);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gpen-spark-progress");
              t.setDaemon(true);
              return t;
            });
    if (intervalSeconds > 0) {
      ticker.scheduleAtFixedRate(
          () -> LOG.info(line()), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }
  }

  static Progress start(SparkContext sc, long total, long intervalSeconds) {
    Counters c =
        new Counters(
            sc.longAccumulator("gpen-spark images done"),
            sc.longAccumulator("gpen-spark images failed"));
    return new Progress(sc, c, total, intervalSeconds);
  }

  Counters counters() {
    return counters;
  }

  String line() {
    RunningCounts.Counts now = running.counts();
    long done = Math.min(total, now.done());
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? formatSeconds((total - done) / rate) : "unknown";
    return String.format(
        Locale.ROOT,
        "progress: %d/%d images, %.2f images/s, ETA %s, %d failed so far",
        done,
        total,
        rate,
        eta,
        now.failed());
  }

  private static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    sc.removeSparkListener(running);
  }
}
