package io.gpenspark.job;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The typed result of a run: inputs listed, rows processed per status, inputs left alone
 * (unchanged) and left for a later run (remaining), faces, both speeds, which of the job's own
 * folders the listing left out of the input, where the manifest is.
 *
 * <p>Two speeds, named the same in the summary line, the report and {@code manifest stats}:
 * wall-clock images/s (the images the run processed over the whole run: listing, planning, Spark,
 * commit included) and processing images/s (the same over the run's processing span, {@link
 * io.gpenspark.manifest.ProcessingSpan}). A run with nothing to process has 0 of both.
 */
public record RestoreSummary(
    String runId,
    long inputs,
    long unchanged,
    long remaining,
    Map<String, Long> byStatus,
    long faces,
    double seconds,
    double processingSeconds,
    List<String> skippedUnderInput,
    String manifest) {

  /**
   * A summary of a run that processed every input, without a processing span and with nothing left
   * out of the input (tests, renderers).
   */
  public RestoreSummary(
      String runId,
      long inputs,
      Map<String, Long> byStatus,
      long faces,
      double seconds,
      String manifest) {
    this(runId, inputs, 0, 0, byStatus, faces, seconds, 0, List.of(), manifest);
  }

  /** The summary of a run from its record; {@code manifest} as the run was given it. */
  static RestoreSummary of(
      RunRecord r, String manifest, double processingSeconds, List<String> skippedUnderInput) {
    Map<String, Long> byStatus = new TreeMap<>();
    r.counts()
        .forEach(
            (s, n) -> {
              if (n > 0) {
                byStatus.put(s, n);
              }
            });
    return new RestoreSummary(
        r.runId(),
        r.inputs(),
        r.unchanged(),
        r.remaining(),
        byStatus,
        r.faces(),
        r.seconds(),
        processingSeconds,
        skippedUnderInput,
        manifest);
  }

  public long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** The images this run processed: its manifest rows. */
  public long processed() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Processed images over the run's wall-clock time. */
  public double wallClockImagesPerSecond() {
    return seconds > 0 ? processed() / seconds : 0;
  }

  /** Processed images (the run's rows) over its processing span. */
  public double processingImagesPerSecond() {
    return processingSeconds > 0 ? processed() / processingSeconds : 0;
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
        "gpen-spark run %s: %d inputs, %d processed%s, %d unchanged, %d remaining, %d faces, %.1f s,"
            + " %.2f wall-clock images/s, %.2f processing images/s%s; manifest %s",
        runId,
        inputs,
        processed(),
        counts.isEmpty() ? "" : " (" + counts + ")",
        unchanged,
        remaining,
        faces,
        seconds,
        wallClockImagesPerSecond(),
        processingImagesPerSecond(),
        skipped,
        manifest);
  }
}
