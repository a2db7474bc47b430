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
 * The driver's progress line during a run: done/total, images/s, ETA and failures so far,
 * at most every few seconds. Executors count into accumulators as each image finishes (Spark
 * reports them to the driver at task end, so the line moves a partition at a time).
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  /** What the executors update; serializable, travels with the partition function. */
  record Counters(LongAccumulator done, LongAccumulator failed) implements Serializable {}

  private final Counters counters;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private Progress(Counters counters, long total, long intervalSeconds) {
    this.counters = counters;
    this.total = total;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gpen-spark-progress");
      t.setDaemon(true);
      return t;
    });
    if (intervalSeconds > 0) {
      ticker.scheduleAtFixedRate(() -> LOG.info(line()), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }
  }

  static Progress start(SparkContext sc, long total, long intervalSeconds) {
    Counters c = new Counters(sc.longAccumulator("gpen-spark images done"), sc.longAccumulator("gpen-spark images failed"));
    return new Progress(c, total, intervalSeconds);
  }

  Counters counters() {
    return counters;
  }

  String line() {
    long done = counters.done().value();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? formatSeconds((total - done) / rate) : "unknown";
    return String.format(Locale.ROOT, "progress: %d/%d images, %.2f images/s, ETA %s, %d failed so far",
        done, total, rate, eta, counters.failed().value());
  }

  private static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
