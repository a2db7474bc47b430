package io.gpenspark.listing;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code input.table}: a table or view in Spark's catalog (a lake table, a temporary view of a
 * query) with a column of input paths, read where it lies.
 */
final class InputTable {
  private InputTable() {}

  /** The table's rows as {@link PathRows#select} makes them. */
  static Dataset<Row> paths(SparkSession spark, String name, Inputs.Columns columns) {
    boolean exists;
    try {
      exists = spark.catalog().tableExists(name);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // Scala's checked ParseException: not a table name at all
      throw new InvalidConfigException(
          "input.table: '" + name + "' is not a table name: " + ErrorLine.typed(e));
    }
    if (!exists) {
      throw new InvalidConfigException("input.table: no table or view named " + name);
    }
    return PathRows.select(
        spark.table(name),
        columns.path(),
        columns.size(),
        columns.modified(),
        "input.table " + name);
  }
}
