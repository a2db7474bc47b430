package io.gpenspark.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ManifestStore;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Which listed inputs this run processes, and the manifest rows of those it leaves alone.
 *
 * <ul>
 *   <li>full: every input is processed.
 *   <li>incremental: an input is skipped when its current row is ok or no_face for the same size
 *       and modification time, the same config hash and the same model; new, changed and failed
 *       inputs are processed.
 *   <li>retry-failed: only inputs whose current row is failed are processed.
 * </ul>
 *
 * A skipped input still gets its one row in this run: status skipped, carrying forward the output,
 * faces and scores of the row it was judged by.
 */
record RunPlan(Dataset<Row> toProcess, Dataset<Row> skipped) {
  /** Listed inputs: path, size, modified (a timestamp, as in the manifest). */
  static final String PATH = "path";

  static final String SIZE = "size";
  static final String MODIFIED = "modified";

  /** Columns carried forward from the row a skipped input was judged by. */
  private static final List<String> CARRIED =
      List.of(
          "output_path",
          "width",
          "height",
          "out_width",
          "out_height",
          "faces",
          "psnr",
          "ssim",
          "metric_reference",
          "device");

  static RunPlan of(
      String mode,
      boolean retryFailed,
      SparkSession spark,
      ManifestStore manifest,
      Dataset<Row> listed,
      RunIdentity identity) {
    boolean incremental = mode.equals("incremental") || retryFailed;
    if (!incremental || !manifest.exists(spark)) {
      return new RunPlan(listed, spark.createDataFrame(List.of(), ManifestSchema.SCHEMA));
    }
    Dataset<Row> current = manifest.current(spark).alias("c");
    Dataset<Row> joined =
        listed.alias("l").join(current, col("l." + PATH).equalTo(col("c.input_path")), "left");
    Column wasFailed = coalesce(col("c.status").equalTo(Status.FAILED.value()), lit(false));
    Column unchangedSuccess =
        coalesce(
            col("c.status")
                .isin(Status.OK.value(), Status.NO_FACE.value())
                .and(col("c.input_bytes").equalTo(col("l." + SIZE)))
                .and(col("c.input_modified").equalTo(col("l." + MODIFIED)))
                .and(col("c.config_hash").equalTo(lit(identity.configHash())))
                .and(col("c.model_id").equalTo(lit(identity.modelId()))),
            lit(false));
    Column process = retryFailed ? wasFailed : unchangedSuccess.unary_$bang();
    Dataset<Row> toProcess =
        joined.where(process).select(col("l." + PATH), col("l." + SIZE), col("l." + MODIFIED));
    Dataset<Row> skipped = joined.where(process.unary_$bang()).select(skippedRow(identity));
    return new RunPlan(toProcess, skipped);
  }

  /** A manifest row (ManifestSchema order) for an input this run leaves alone. */
  private static Column[] skippedRow(RunIdentity identity) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : ManifestSchema.SCHEMA.fields()) {
      String name = f.name();
      Column c;
      if (CARRIED.contains(name)) {
        c = col("c." + name);
      } else if (name.startsWith("ms_")) {
        c = lit(0.0);
      } else {
        c =
            switch (name) {
              case ManifestSchema.RUN_ID -> lit(identity.runId());
              case ManifestSchema.INPUT_PATH -> col("l." + PATH);
              case "input_bytes" -> col("l." + SIZE);
              case "input_modified" -> col("l." + MODIFIED);
              case ManifestSchema.STATUS -> lit(Status.SKIPPED.value());
              case "executor_id" -> lit("driver");
              case "config_hash" -> lit(identity.configHash());
              case "model_id" -> lit(identity.modelId());
              case "job_version" -> lit(identity.jobVersion());
              case "processed_at" -> current_timestamp();
              default -> lit(null).cast(f.dataType()); // error_code, error
            };
      }
      cols.add(c.cast(f.dataType()).as(name));
    }
    return cols.toArray(Column[]::new);
  }

  static final org.apache.spark.sql.types.StructType LISTED_SCHEMA =
      new org.apache.spark.sql.types.StructType()
          .add(PATH, DataTypes.StringType, false)
          .add(SIZE, DataTypes.LongType, false)
          .add(MODIFIED, DataTypes.TimestampType, false);
}
