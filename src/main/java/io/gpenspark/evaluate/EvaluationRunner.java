package io.gpenspark.evaluate;

import static org.apache.spark.sql.functions.col;

import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RestoreSummary;
import io.gpenspark.manifest.ManifestSchema;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the restore job once per configuration of a plan, in order, and reads each run's rows back
 * from its manifest as per-image scores.
 */
final class EvaluationRunner {
  private EvaluationRunner() {}

  static List<VariantResult> run(SparkSession spark, EvaluationPlan plan, PrintStream progress) {
    List<VariantResult> results = new ArrayList<>();
    for (EvaluationPlan.Step step : plan.steps()) {
      Variant v = step.variant();
      progress.println("gpen-spark evaluate: " + v.name() + " (" + v.describe() + ")");
      RestoreSummary s = execute(spark, step);
      progress.println("  " + s.line());
      results.add(
          new VariantResult(v, step.config().hash(), s, s.manifest(), scores(spark, s, plan)));
    }
    return results;
  }

  /** The one place the evaluation starts the restore job. */
  private static RestoreSummary execute(SparkSession spark, EvaluationPlan.Step step) {
    return RestoreJob.of(spark, step.config()).execute();
  }

  private static Map<String, ImageScore> scores(
      SparkSession spark, RestoreSummary s, EvaluationPlan plan) {
    Map<String, ImageScore> out = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .schema(ManifestSchema.SCHEMA)
            .parquet(s.manifest())
            .where(col(ManifestSchema.RUN_ID).equalTo(s.runId()))
            .select(
                ManifestSchema.INPUT_PATH,
                ManifestSchema.STATUS,
                "psnr",
                "ssim",
                "faces",
                "out_width",
                "out_height",
                "output_path",
                "error")
            .collectAsList()) {
      out.put(
          plan.relative(r.getString(0)),
          new ImageScore(
              r.getString(1),
              (Double) r.get(2),
              (Double) r.get(3),
              r.getInt(4),
              (Integer) r.get(5),
              (Integer) r.get(6),
              r.getString(7),
              r.getString(8)));
    }
    return out;
  }
}
