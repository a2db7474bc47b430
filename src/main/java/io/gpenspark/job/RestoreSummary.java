package io.gpenspark.job;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The typed result of a run: counts per status, faces, both speeds, which of the job's own folders
 * the listing left out of the input, where the manifest is.
 *
 * <p>Two speeds, named the same in the summary line, the report and {@code manifest stats}:
 * wall-clock images/s (inputs over the whole run: listing, Spark, commit included) and processing
 * images/s (rows over the run's processing span, {@link io.gpenspark.manifest.ProcessingSpan}).
 */
public record RestoreSummary(
    String runId,
    long inputs,
    Map<String, Long> byStatus,
    long faces,
    double seconds,
    double processingSeconds,
    List<String> skippedUnderInput,
    String manifest) {

  /**
   * A summary without a processing span and with nothing left out of the input (tests, renderers).
   */
  public RestoreSummary(
      String runId,
      long inputs,
      Map<String, Long> byStatus,
      long faces,
      double seconds,
      String manifest) {
    this(runId, inputs, byStatus, faces, seconds, 0, List.of(), manifest);
  }

  public long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** Inputs over the run's wall-clock time. */
  public double wallClockImagesPerSecond() {
    return seconds > 0 ? inputs / seconds : 0;
  }

  /** Inputs (the run's rows) over its processing span. */
  public double processingImagesPerSecond() {
    return processingSeconds > 0 ? inputs / processingSeconds : 0;
  }

  /** The one summary line printed at the end of a run. */
  public String line() {
    String counts =
        new TreeMap<>(byStatus)
            .entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    String skipped =
        skippedUnderInput.isEmpty()
            ? ""
            : "; skipped the "
                + String.join(" and ", skippedUnderInput)
                + " folder"
                + (skippedUnderInput.size() > 1 ? "s" : "")
                + " under the input";
    return String.format(
        Locale.ROOT,
        "gpen-spark run %s: %d images (%s), %d faces, %.1f s, %.2f wall-clock images/s, %.2f processing images/s%s;"
            + " manifest %s",
        runId,
        inputs,
        counts.isEmpty() ? "none" : counts,
        faces,
        seconds,
        wallClockImagesPerSecond(),
        processingImagesPerSecond(),
        skipped,
        manifest);
  }
}
