package io.gpenspark.job;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.manifest.ManifestStore;
import io.gpenspark.manifest.ParquetFolder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What the driver learns about a run as it goes (listing, plan, what the processing produced, the
 * time each took), made into its {@link RunRecord} at the end, whether the run succeeded or failed.
 * Kept from the moment the configuration and model have been checked: a run refused before that has
 * written nothing and leaves no record.
 */
final class RunLedger {
  private final RunSettings run;
  private final Configuration hadoop;
  private final String configHash;
  private final String modelId;
  private final String manifest;
  private final Instant startedAt;
  private final long startNanos;
  private final Map<String, Double> timings = new LinkedHashMap<>();
  private long lapNanos;
  private long inputs;
  private long toProcess;
  private RunTally.Totals tally;

  RunLedger(
      RunSettings run,
      ManifestStore manifest,
      Configuration hadoop,
      String configHash,
      String modelId,
      Instant startedAt,
      long startNanos) {
    this.run = run;
    this.hadoop = hadoop;
    // Where the rows went: the folder, qualified, or the table's name.
    this.manifest = manifest instanceof ParquetFolder f ? qualified(f.uri()) : manifest.location();
    this.configHash = configHash;
    this.modelId = modelId;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
    this.lapNanos = System.nanoTime(); // the listing starts now: the checks before are not timed
    RunRecord.TIMINGS.forEach(t -> timings.put(t, 0.0));
  }

  void listed(long inputs) {
    this.inputs = inputs;
    lap("list");
  }

  long inputsListed() {
    return inputs;
  }

  /** {@code toProcess}: the listed inputs that need work (the rest are left alone). */
  void planned(long toProcess) {
    this.toProcess = toProcess;
    lap("plan");
  }

  /**
   * The processing's rows; {@code commitSeconds}: how much of the time since the last lap was the
   * driver's commit after the write's jobs (0 when unknown).
   */
  void processed(RunTally.Totals tally, double commitSeconds) {
    this.tally = tally;
    double total = lap("process");
    double commit = Math.min(Math.max(0, commitSeconds), total);
    timings.put("process", round(total - commit));
    timings.put("commit", round(commit));
  }

  private double lap(String timing) {
    long now = System.nanoTime();
    double s = (now - lapNanos) / 1e9;
    lapNanos = now;
    timings.put(timing, round(s));
    return s;
  }

  /** The processing span of the run's rows, in seconds (0 without rows). */
  double processingSeconds() {
    return tally == null ? 0 : tally.processingSeconds();
  }

  RunRecord succeeded() {
    return record(RunRecord.SUCCEEDED, null);
  }

  /** The record of a run that failed: nothing of it is committed unless its write finished. */
  RunRecord failed(Throwable e) {
    return record(RunRecord.FAILED, ErrorLine.of(e));
  }

  private RunRecord record(String outcome, String error) {
    Map<String, Long> counts = new LinkedHashMap<>();
    RunRecord.STATUSES.forEach(s -> counts.put(s, 0L));
    long faces = 0;
    if (tally != null) {
      counts.putAll(tally.byStatus());
      faces = tally.faces();
    }
    long processed = counts.values().stream().mapToLong(Long::longValue).sum();
    Instant finished = Instant.now();
    return new RunRecord(
        run.runId(),
        outcome,
        error,
        RestoreJob.VERSION,
        run.mode(),
        run.retryFailed(),
        qualified(run.input()),
        qualified(run.output()),
        manifest,
        startedAt.truncatedTo(ChronoUnit.MILLIS),
        finished.truncatedTo(ChronoUnit.MILLIS),
        round((System.nanoTime() - startNanos) / 1e9),
        inputs,
        toProcess,
        inputs - toProcess,
        Math.max(0, toProcess - processed),
        counts,
        faces,
        configHash,
        modelId,
        timings,
        heapPeakBytes());
  }

  /**
   * {@code uri} with its scheme and authority, so a reader elsewhere knows where; else as given.
   */
  private String qualified(String uri) {
    try {
      return ImageStorage.qualified(uri, hadoop);
    } catch (RuntimeException e) {
      return uri;
    }
  }

  /** Writes {@code r} to {@code <output>/_runs/<run_id>.json} through Hadoop FS. */
  static void write(RunRecord r, String outputRoot, Configuration hadoop) {
    ImageStorage.writeText(RunRecord.uri(outputRoot, r.runId()), r.toJson() + "\n", hadoop);
  }

  /** The largest peak usage among this JVM's heap memory pools (eden, survivor, old). */
  static long heapPeakBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getPeakUsage)
        .filter(u -> u != null)
        .mapToLong(u -> u.getUsed())
        .max()
        .orElse(0);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
