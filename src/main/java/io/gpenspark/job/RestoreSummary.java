package io.gpenspark.job;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The typed result of a run: counts per status, faces, throughput, where the manifest is. */
public record RestoreSummary(String runId, long inputs, Map<String, Long> byStatus, long faces, double seconds,
    String manifest) {

  public long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  public double imagesPerSecond() {
    return seconds > 0 ? inputs / seconds : 0;
  }

  /** The one summary line printed at the end of a run. */
  public String line() {
    String counts = new TreeMap<>(byStatus).entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return String.format(java.util.Locale.ROOT,
        "gpen-spark run %s: %d images (%s), %d faces, %.2f images/s, %.1f s; manifest %s",
        runId, inputs, counts.isEmpty() ? "none" : counts, faces, imagesPerSecond(), seconds, manifest);
  }
}
