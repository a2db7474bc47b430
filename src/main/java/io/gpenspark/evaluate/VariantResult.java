package io.gpenspark.evaluate;

import io.gpenspark.job.RestoreSummary;
import java.util.Map;

/**
 * One configuration's run: the job's summary and each image's score, by its path under the degraded
 * set.
 */
public record VariantResult(
    Variant variant,
    String configHash,
    RestoreSummary summary,
    String manifest,
    Map<String, ImageScore> byImage) {
  public String name() {
    return variant.name();
  }

  public ScoreStats stats() {
    return ScoreStats.of(byImage.values());
  }

  /** This configuration's run report, beside evaluation.html. */
  String reportName() {
    return "report-" + name() + ".html";
  }
}
