package io.gpenspark.manifest;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The manifest as Parquet under a folder (any Hadoop URI), one {@code run_id=…} partition per run,
 * appended by Spark's committed file writer.
 */
public record ParquetFolder(String uri) implements ManifestStore {

  @Override
  public ManifestStore check(SparkSession spark) {
    return this; // the job proves the folder writable with its other locations
  }

  @Override
  public boolean exists(SparkSession spark) {
    return ManifestReader.exists(spark, uri);
  }

  @Override
  public Dataset<Row> all(SparkSession spark) {
    return ManifestReader.all(spark, uri);
  }

  @Override
  public void append(Dataset<Row> rows) {
    rows.write().mode(SaveMode.Append).partitionBy(ManifestSchema.RUN_ID).parquet(uri);
  }

  @Override
  public void appendRunRecord(SparkSession spark, StructType schema, Row record) {}

  @Override
  public Optional<Dataset<Row>> runRecords(SparkSession spark) {
    return Optional.empty(); // a folder's runs are files beside it, read without Spark
  }

  @Override
  public String location() {
    return uri;
  }
}
