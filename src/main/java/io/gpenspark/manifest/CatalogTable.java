package io.gpenspark.manifest;

import static org.apache.spark.sql.functions.col;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The manifest as a table of a catalog the user configures with {@code spark.sql.catalog.NAME}
 * settings (Iceberg, Delta, …), written through Spark's DataFrameWriterV2: created partitioned by
 * run_id by the first run, appended to by the others, each run one commit. Its run records go to a
 * second table ({@code manifest.runs-table}, default {@code <manifest.table>_runs}).
 *
 * <p>The tables' columns are all nullable: catalogs check nullability by schema, not by value
 * (Iceberg refuses nullable data for a required column), and the type and name of every column are
 * what must match ManifestSchema.
 */
public record CatalogTable(List<String> table, List<String> runsTable) implements ManifestStore {
  private static final String SESSION_CATALOG = "spark_catalog";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * {@code table} as catalog.namespace.table (the catalog named, so a run never writes to a session
   * catalog by accident); the runs table defaults to the same name plus {@code _runs}.
   */
  static CatalogTable named(String table, Optional<String> runsTable) {
    List<String> t = parse("manifest.table", table);
    List<String> runs =
        runsTable.isPresent()
            ? parse("manifest.runs-table", runsTable.get())
            : withLast(t, t.get(t.size() - 1) + "_runs");
    return new CatalogTable(t, runs);
  }

  /** The table name's parts, as Spark's SQL parser reads them (backticks quote). */
  static List<String> parse(String key, String name) {
    List<String> parts;
    try {
      parts =
          JavaConverters.seqAsJavaList(CatalystSqlParser$.MODULE$.parseMultipartIdentifier(name));
    } catch (Exception e) { // ParseException: a checked exception Java cannot name here
      throw new InvalidConfigException(
          key
              + " '"
              + name
              + "' is not a table name (catalog.db.table): "
              + ErrorLine.first(e.getMessage()));
    }
    if (parts.size() < 3) {
      throw new InvalidConfigException(
          key + " '" + name + "' must name its catalog, namespace and table: catalog.db.table");
    }
    return List.copyOf(parts);
  }

  @Override
  public ManifestStore check(SparkSession spark) {
    prepare(spark, "manifest.table", table);
    prepare(spark, "manifest.runs-table", runsTable);
    if (exists(spark)) {
      requireSchema(spark, name(table), ManifestSchema.SCHEMA, "the manifest's");
    }
    return this;
  }

  /** The catalog is configured and loads; the table's namespace exists (created if not). */
  private static void prepare(SparkSession spark, String key, List<String> parts) {
    if (!usable(spark, key, parts)) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + name(parts.subList(0, parts.size() - 1)));
    }
  }

  /** Whether the table exists, once its catalog is known to be configured and to load. */
  private static boolean usable(SparkSession spark, String key, List<String> parts) {
    String catalog = parts.get(0);
    if (!catalog.equals(SESSION_CATALOG)
        && spark.conf().getOption("spark.sql.catalog." + catalog).isEmpty()) {
      throw new InvalidConfigException(
          String.format(
              "%s %s: catalog '%s' is not configured (set spark.sql.catalog.%s, e.g. --set"
                  + " spark.sql.catalog.%s=org.apache.iceberg.spark.SparkCatalog and its options)",
              key, name(parts), catalog, catalog, catalog));
    }
    boolean exists;
    try {
      exists = spark.catalog().tableExists(name(parts));
    } catch (Exception e) { // the catalog's class or options: a configuration problem
      throw new InvalidConfigException(
          key
              + " "
              + name(parts)
              + ": cannot use catalog '"
              + catalog
              + "': "
              + ErrorLine.first(e.getMessage()),
          e);
    }
    return exists;
  }

  @Override
  public boolean exists(SparkSession spark) {
    return usable(spark, "manifest.table", table);
  }

  @Override
  public Optional<Dataset<Row>> runRecords(SparkSession spark) {
    return usable(spark, "manifest.runs-table", runsTable)
        ? Optional.of(spark.table(name(runsTable)))
        : Optional.empty();
  }

  @Override
  public Dataset<Row> all(SparkSession spark) {
    return spark.table(name(table)).select(columns(ManifestSchema.SCHEMA));
  }

  @Override
  public void append(Dataset<Row> rows) {
    write(
        rows.sparkSession(),
        name(table),
        ManifestSchema.SCHEMA,
        "the manifest's",
        rows,
        Optional.of(ManifestSchema.RUN_ID));
  }

  @Override
  public void appendRunRecord(SparkSession spark, StructType schema, Row record) {
    appendRows(spark, name(runsTable), schema, List.of(record));
  }

  /**
   * Appends {@code rows} of {@code schema} to the table {@code name}, creating it (unpartitioned)
   * if it does not exist; an existing table must have the same column names and types.
   */
  public static void appendRows(
      SparkSession spark, String name, StructType schema, List<Row> rows) {
    write(spark, name, schema, "the rows'", spark.createDataFrame(rows, schema), Optional.empty());
  }

  private static void write(
      SparkSession spark,
      String name,
      StructType schema,
      String whose,
      Dataset<Row> rows,
      Optional<String> partitionedBy) {
    Dataset<Row> data =
        spark.createDataFrame(rows.select(columns(schema)).javaRDD(), nullable(schema));
    // Each task writes its own rows, as the Parquet writer does: Iceberg would otherwise shuffle
    // them by partition first, and the restore would run as a map stage whose lost outputs Spark
    // recomputes (images restored again). One run is one partition value, so nothing to cluster.
    DataFrameWriterV2<Row> writer = data.writeTo(name).option("distribution-mode", "none");
    try {
      if (spark.catalog().tableExists(name)) {
        requireSchema(spark, name, schema, whose);
        writer.append();
      } else if (partitionedBy.isPresent()) {
        writer.partitionedBy(col(partitionedBy.get())).create();
      } else {
        writer.create();
      }
    } catch (NoSuchTableException | TableAlreadyExistsException e) {
      // another writer dropped or created it between the look and the write
      throw new IllegalStateException(
          "cannot write table " + name + ": " + ErrorLine.first(e.getMessage()), e);
    }
  }

  /** An existing table must have {@code schema}'s columns, in its order, with its types. */
  static void requireSchema(SparkSession spark, String name, StructType schema, String whose) {
    String difference = difference(spark.table(name).schema(), schema);
    if (!difference.isEmpty()) {
      throw new InvalidConfigException(
          "table " + name + " does not have " + whose + " schema: " + difference);
    }
  }

  /** What {@code actual} lacks, adds or types otherwise than {@code expected}; "" if equal. */
  static String difference(StructType actual, StructType expected) {
    Map<String, DataType> has = types(actual);
    Map<String, DataType> wants = types(expected);
    List<String> problems = new ArrayList<>();
    String missing = listed(wants, n -> !has.containsKey(n));
    String extra = listed(has, n -> !wants.containsKey(n));
    if (!missing.isEmpty()) {
      problems.add("missing " + missing);
    }
    if (!extra.isEmpty()) {
      problems.add("extra " + extra);
    }
    wants.forEach(
        (n, t) -> {
          // Compared as SQL types: a table keeps nullability of map values its own way.
          if (has.containsKey(n) && !has.get(n).catalogString().equals(t.catalogString())) {
            problems.add(n + " is " + has.get(n).simpleString() + ", not " + t.simpleString());
          }
        });
    if (problems.isEmpty() && !List.copyOf(has.keySet()).equals(List.copyOf(wants.keySet()))) {
      problems.add("its columns are in another order");
    }
    return String.join("; ", problems);
  }

  private static Map<String, DataType> types(StructType s) {
    Map<String, DataType> m = new LinkedHashMap<>();
    for (StructField f : s.fields()) {
      m.put(f.name(), f.dataType());
    }
    return m;
  }

  private static String listed(
      Map<String, DataType> columns, java.util.function.Predicate<String> which) {
    return columns.entrySet().stream()
        .filter(e -> which.test(e.getKey()))
        .map(e -> e.getKey() + " " + e.getValue().simpleString())
        .collect(Collectors.joining(", "));
  }

  private static StructType nullable(StructType s) {
    StructType out = new StructType();
    for (StructField f : s.fields()) {
      out = out.add(f.name(), f.dataType(), true);
    }
    return out;
  }

  private static Column[] columns(StructType s) {
    return Arrays.stream(s.fieldNames()).map(n -> col("`" + n + "`")).toArray(Column[]::new);
  }

  /** The name as Spark SQL reads it; a part that is not a plain identifier is backquoted. */
  static String name(List<String> parts) {
    return parts.stream()
        .map(p -> PLAIN.matcher(p).matches() ? p : "`" + p.replace("`", "``") + "`")
        .collect(Collectors.joining("."));
  }

  private static List<String> withLast(List<String> parts, String last) {
    List<String> out = new ArrayList<>(parts.subList(0, parts.size() - 1));
    out.add(last);
    return List.copyOf(out);
  }

  @Override
  public String location() {
    return name(table);
  }
}
