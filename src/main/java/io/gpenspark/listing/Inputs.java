package io.gpenspark.listing;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's inputs come from, exactly one of: a listing of {@code input.uri} (the default,
 * {@link InputLister}); a list of paths, {@code input.list} (a Parquet, ORC, CSV or text file or a
 * folder of them, or an S3 Inventory manifest.json); a table or view of Spark's catalog, {@code
 * input.table}. Each gives the same {@link InputLister.Listing}, rooted at {@code input.uri}:
 * output paths are relative to it, and a list or table may name paths below it only.
 */
public final class Inputs {
  /** The columns of a list or table: paths (required), sizes and times (used when present). */
  record Columns(String path, String size, String modified) {}

  private final Optional<String> list;
  private final Optional<String> table;
  private final Columns listColumns;
  private final Columns tableColumns;

  private Inputs(
      Optional<String> list, Optional<String> table, Columns listColumns, Columns tableColumns) {
    this.list = list;
    this.table = table;
    this.listColumns = listColumns;
    this.tableColumns = tableColumns;
  }

  /** input.list, input.table and their column names; both sources at once stop the job here. */
  public static Inputs from(ConfigReader cfg) {
    Optional<String> list = cfg.optionalString("input.list");
    Optional<String> table = cfg.optionalString("input.table");
    if (list.isPresent() && table.isPresent()) {
      throw new InvalidConfigException(
          "input.list and input.table are both set: the inputs come from one of them (or, with"
              + " neither, from listing input.uri)");
    }
    String size = cfg.string("input.size-column");
    String modified = cfg.string("input.modified-column");
    return new Inputs(
        list,
        table,
        new Columns(cfg.string("input.list-column"), size, modified),
        new Columns(cfg.string("input.table-column"), size, modified));
  }

  /** What getting the inputs does, for Spark's job description: "list s3a://…", "read …". */
  public String describe(String inputUri) {
    return table
        .map(t -> "read input.table " + t)
        .or(() -> list.map(l -> "read input.list " + l))
        .orElse("list " + inputUri);
  }

  /**
   * The run's inputs under {@code inputUri}, leaving out anything at or under the {@code excluded}
   * URIs (the job's output and manifest).
   */
  public InputLister.Listing list(
      SparkSession spark,
      String inputUri,
      ImagePathFilter filter,
      int driverMaxDirs,
      List<String> excluded) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (list.isEmpty() && table.isEmpty()) {
      return new InputLister(sc, filter, driverMaxDirs).list(inputUri, excluded);
    }
    Path root = root(inputUri, sc);
    if (table.isPresent()) {
      Dataset<Row> rows = InputTable.paths(spark, table.get(), tableColumns);
      return PathRows.listing(
          sc, rows, root, filter, excluded, PathRows.Outside.REFUSED, "input.table " + table.get());
    }
    String uri = list.get();
    InputList.Format format = InputList.detect(uri, sc.hadoopConfiguration());
    if (format == InputList.Format.S3_INVENTORY) {
      S3Inventory.Manifest m = S3Inventory.read(uri, sc.hadoopConfiguration());
      Dataset<Row> rows = S3Inventory.paths(spark, uri, m, root);
      return PathRows.listing(
          sc, rows, root, filter, excluded, PathRows.Outside.DROPPED, "the S3 Inventory " + uri);
    }
    Dataset<Row> rows = InputList.paths(spark, uri, format, listColumns);
    return PathRows.listing(
        sc, rows, root, filter, excluded, PathRows.Outside.REFUSED, "input.list " + uri);
  }

  /**
   * The input URI qualified by its file system, without a call to storage: with a list or table the
   * input is never listed, not even looked at.
   */
  private static Path root(String inputUri, JavaSparkContext sc) {
    Path input = new Path(inputUri);
    if (InputRoot.isGlob(input)) {
      throw new InvalidConfigException(
          "input.uri "
              + inputUri
              + " is a glob; with input.list or input.table it must be the folder the listed"
              + " paths lie under");
    }
    try {
      return input.getFileSystem(sc.hadoopConfiguration()).makeQualified(input);
    } catch (IOException e) {
      throw new InvalidConfigException(
          "cannot use input.uri " + inputUri + ": " + ErrorLine.typed(e));
    }
  }
}
