package io.gpenspark.manifest;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Parquet manifest's columns: one row per input a run processes, partitioned by run_id. */
public final class ManifestSchema {
  private ManifestSchema() {}

  public static final String RUN_ID = "run_id";
  public static final String INPUT_PATH = "input_path";
  public static final String STATUS = "status";

  /** The pipeline stages whose wall time (ms) each row records, in pipeline order. */
  public static final List<String> STAGES =
      List.of(
          "read",
          "decode",
          "preprocess",
          "detect",
          "restore",
          "postprocess",
          "encode",
          "write",
          "metrics");

  public static final StructType SCHEMA = build();

  private static StructType build() {
    StructType s =
        new StructType()
            .add(field(RUN_ID, StringType, false))
            .add(field(INPUT_PATH, StringType, false))
            .add(field("input_bytes", LongType, false))
            .add(field("input_modified", TimestampType, false))
            .add(field("output_path", StringType, true))
            .add(field(STATUS, StringType, false))
            .add(field("error_code", StringType, true))
            .add(field("error", StringType, true))
            .add(field("width", IntegerType, true))
            .add(field("height", IntegerType, true))
            .add(field("out_width", IntegerType, true))
            .add(field("out_height", IntegerType, true))
            .add(field("faces", IntegerType, false))
            .add(field("psnr", DoubleType, true))
            .add(field("ssim", DoubleType, true))
            .add(field("metric_reference", StringType, true));
    for (String stage : STAGES) {
      s = s.add(field("ms_" + stage, DoubleType, false));
    }
    return s.add(field("executor_id", StringType, false))
        .add(field("config_hash", StringType, false))
        .add(field("model_id", StringType, false))
        // Where the model ran ("cuda:1 bf16"): per row, not in model_id, which incremental runs
        // compare.
        .add(field("device", StringType, true))
        .add(field("job_version", StringType, false))
        .add(field("processed_at", TimestampType, false));
  }

  private static StructField field(
      String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
