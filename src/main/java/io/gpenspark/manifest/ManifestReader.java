package io.gpenspark.manifest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Reads a manifest: every run's rows, or the current row per input, i.e. the latest row that was
 * not {@code skipped} (a row older versions wrote to say a run left the input alone; runs now write
 * none for such an input). In SQL:
 *
 * <pre>
 * SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY input_path ORDER BY processed_at DESC) AS n
 *                FROM parquet.`URI` WHERE status <> 'skipped') WHERE n = 1
 * </pre>
 */
public final class ManifestReader {
  private ManifestReader() {}

  public static boolean exists(SparkSession spark, String uri) {
    Path p = new Path(uri);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read manifest " + uri, e);
    }
  }

  /** All rows of all runs (run_id comes from the partition folders). */
  public static Dataset<Row> all(SparkSession spark, String uri) {
    return spark.read().schema(ManifestSchema.SCHEMA).parquet(uri);
  }

  /** One row per input: its latest outcome across runs. */
  public static Dataset<Row> current(SparkSession spark, String uri) {
    return current(all(spark, uri));
  }

  public static Dataset<Row> current(Dataset<Row> rows) {
    var latestFirst =
        Window.partitionBy(ManifestSchema.INPUT_PATH)
            .orderBy(col("processed_at").desc(), col(ManifestSchema.RUN_ID).desc());
    return rows.where(col(ManifestSchema.STATUS).notEqual(Status.SKIPPED.value()))
        .withColumn("_n", row_number().over(latestFirst))
        .where(col("_n").equalTo(1))
        .drop("_n");
  }
}
