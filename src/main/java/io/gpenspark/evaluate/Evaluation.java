package io.gpenspark.evaluate;

import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.report.HtmlReport;
import io.gpenspark.report.ManifestSelection;
import io.gpenspark.report.Thumbnails;
import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A/B evaluation of restoration settings on synthetic degradations: the real restore job runs over
 * the degraded set once per named configuration, with metrics.reference pointing at the originals,
 * and the PSNR/SSIM of each configuration are put side by side (mean and median per configuration,
 * per image when the set is small), next to the degraded input itself as the baseline. Writes
 * evaluation.html (self-contained), evaluation.csv and one report per configuration under the
 * output root; each configuration's images and manifest are under {@code <output>/<name>/}. The
 * parts: {@link EvaluationPlan} composes the configurations, {@link EvaluationRunner} runs them,
 * {@link EvaluationTable}, {@link EvaluationCsv} and {@link EvaluationPage} render the outcome.
 */
public final class Evaluation {
  /**
   * @param commonConf HOCON file under every configuration (null for none); commonSets over it
   * @param baseline also run the degraded input through the job with every step off
   * @param perImageMax per-image table and thumbnails when the set has at most this many images
   */
  public record Setup(
      String hq,
      String lq,
      String output,
      File commonConf,
      Map<String, String> commonSets,
      List<Variant> variants,
      boolean baseline,
      int perImageMax,
      int gallery) {}

  /** The evaluation: results in order (baseline first), images by relative path, files written. */
  public record Outcome(
      EvaluationPlan plan,
      List<VariantResult> results,
      List<String> images,
      String html,
      String csv) {
    public Setup setup() {
      return plan.setup();
    }

    public VariantResult result(String name) {
      return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private Evaluation() {}

  public static Outcome run(SparkSession spark, Setup setup, PrintStream progress) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    EvaluationPlan plan = EvaluationPlan.of(setup, hadoop);
    List<VariantResult> results = EvaluationRunner.run(spark, plan, progress);
    TreeSet<String> images = new TreeSet<>();
    results.forEach(r -> images.addAll(r.byImage().keySet()));
    Outcome o =
        new Outcome(
            plan,
            results,
            List.copyOf(images),
            plan.output() + "/evaluation.html",
            plan.output() + "/evaluation.csv");
    for (VariantResult r : results) {
      HtmlReport report =
          HtmlReport.build(
              spark,
              ManifestSelection.run(r.manifest(), r.summary().runId()).select(spark),
              HtmlReport.Options.defaults()
                  .withTitle("gpen-spark evaluate: " + r.name())
                  .withGallery(setup.gallery())
                  .withReferenceFor(plan::groundTruth));
      ImageStorage.writeText(plan.output() + "/" + r.reportName(), report.html(), hadoop);
    }
    ImageStorage.writeText(o.csv(), EvaluationCsv.render(o), hadoop);
    ImageStorage.writeText(o.html(), EvaluationPage.render(o, new Thumbnails(hadoop, 200)), hadoop);
    return o;
  }
}
