package io.gpenspark.manifest;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Where a run's manifest lives: a Parquet folder partitioned by run_id ({@link ParquetFolder}, the
 * default) or a table in a Spark catalog written through DataFrameWriterV2 ({@link CatalogTable},
 * {@code manifest.table}). The job reads and appends through this, never through paths.
 */
public sealed interface ManifestStore permits ParquetFolder, CatalogTable {

  /**
   * manifest.table (and manifest.runs-table) if set, else the folder {@code folder}; a table and a
   * manifest.uri together are refused, so no run writes where its user does not look.
   */
  static ManifestStore of(ConfigReader cfg, String folder) {
    if (cfg.optionalString("manifest.table").isPresent()
        && cfg.optionalString("manifest.uri").isPresent()) {
      throw new InvalidConfigException(
          "manifest.table and manifest.uri (--manifest-table and --manifest) are both set: the"
              + " manifest goes to one of them");
    }
    return cfg.optionalString("manifest.table")
        .<ManifestStore>map(
            table -> CatalogTable.named(table, cfg.optionalString("manifest.runs-table")))
        .orElseGet(() -> new ParquetFolder(folder));
  }

  /** The table {@code name} of Spark's catalog, to read (its runs table the default one). */
  static ManifestStore table(String name) {
    return CatalogTable.named(name, Optional.empty());
  }

  /**
   * Proves the store usable before any image is processed (a table's catalog is configured and
   * loads, an existing table has the manifest's schema); a problem is one-line {@link
   * io.gpenspark.config.InvalidConfigException}.
   */
  ManifestStore check(SparkSession spark);

  /** Whether any run has committed rows here. */
  boolean exists(SparkSession spark);

  /** Every run's rows, in {@link ManifestSchema#SCHEMA}. */
  Dataset<Row> all(SparkSession spark);

  /** One row per input: its latest outcome across runs ({@link ManifestReader#current}). */
  default Dataset<Row> current(SparkSession spark) {
    return ManifestReader.current(all(spark));
  }

  /** Commits one run's rows (ManifestSchema's columns) in one write. */
  void append(Dataset<Row> rows);

  /**
   * Appends a run's record ({@code schema}, one row) next to the manifest where the store keeps
   * one: a table's runs table; nothing for a folder, whose runs are described by files.
   */
  void appendRunRecord(SparkSession spark, StructType schema, Row record);

  /** The run records appended here ({@link #appendRunRecord}), if the store keeps them. */
  Optional<Dataset<Row>> runRecords(SparkSession spark);

  /** The folder URI or the table name, for messages and the summary line. */
  String location();
}
