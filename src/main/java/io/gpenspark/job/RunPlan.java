package io.gpenspark.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.gpenspark.manifest.ManifestStore;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Which listed inputs this run processes.
 *
 * <ul>
 *   <li>full: every input is processed.
 *   <li>incremental: an input is left alone when its current row is ok or no_face for the same size
 *       and modification time, the same config hash and the same model; new, changed and failed
 *       inputs are processed.
 *   <li>retry-failed: only inputs whose current row is failed are processed.
 * </ul>
 *
 * An input left alone gets no row in this run: its current row stays the one it was judged by, and
 * the run record counts it as unchanged. So a run over an archive where nothing changed writes
 * nothing to the manifest.
 */
record RunPlan(Dataset<Row> toProcess) {
  /** Listed inputs: path, size, modified (a timestamp, as in the manifest). */
  static final String PATH = "path";

  static final String SIZE = "size";
  static final String MODIFIED = "modified";

  static final StructType LISTED_SCHEMA =
      new StructType()
          .add(PATH, DataTypes.StringType, false)
          .add(SIZE, DataTypes.LongType, false)
          .add(MODIFIED, DataTypes.TimestampType, false);

  static RunPlan of(
      String mode,
      boolean retryFailed,
      SparkSession spark,
      ManifestStore manifest,
      Dataset<Row> listed,
      RunIdentity identity) {
    boolean incremental = mode.equals("incremental") || retryFailed;
    if (!incremental || !manifest.exists(spark)) {
      return new RunPlan(listed);
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
    return new RunPlan(
        joined.where(process).select(col("l." + PATH), col("l." + SIZE), col("l." + MODIFIED)));
  }

  /** The plan with its inputs to process kept once computed (they are counted, then read). */
  RunPlan persist() {
    return toProcess.storageLevel().useMemory() || toProcess.storageLevel().useDisk()
        ? this // a full run's plan is the listing, kept already
        : new RunPlan(toProcess.persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /**
   * The inputs to process oldest first (modification time, then path: a stable order), at most
   * {@code maxImages} of them (0: all), so a bounded run does the oldest work and leaves the newest
   * for the next.
   */
  Dataset<Row> oldestFirst(int maxImages) {
    Dataset<Row> sorted = toProcess.orderBy(col(MODIFIED), col(PATH));
    return maxImages > 0 ? sorted.limit(maxImages) : sorted;
  }
}
