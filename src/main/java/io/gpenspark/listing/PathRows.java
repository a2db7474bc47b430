package io.gpenspark.listing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.trim;

import io.gpenspark.config.InvalidConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows that name input paths (a list file, a catalog table, an S3 Inventory) made into the job's
 * listing, all on the executors: each path resolved against the input root and filtered as the
 * lister filters, duplicates merged, and files without a usable size or modification time looked up
 * on storage in parallel. The driver sees counts only.
 *
 * <p>A path that does not exist is kept, with size 0 and time 0: the pipeline's read then gives it
 * a failed row ({@code not_found}), so nothing the list names goes unaccounted for.
 */
final class PathRows {
  static final String PATH = "path";
  static final String SIZE = "size";
  static final String MODIFIED = "modified";
  private static final String QUALIFIED = "qualified";

  /** The rows of a source with no paths. */
  static final StructType SCHEMA =
      new StructType()
          .add(PATH, DataTypes.StringType)
          .add(SIZE, DataTypes.LongType)
          .add(MODIFIED, DataTypes.TimestampType);

  /** What becomes of a path outside the input root. */
  enum Outside {
    /** A configuration error naming a few of them (a list or table: the root is wrong). */
    REFUSED,
    /** Left out (an S3 Inventory covers a whole bucket; the input is one prefix of it). */
    DROPPED
  }

  private PathRows() {}

  /**
   * The columns of {@code frame} named {@code pathColumn} (required) and {@code sizeColumn} and
   * {@code modifiedColumn} (used when present), renamed path, size and modified; names are matched
   * as Spark matches them, case-insensitively.
   */
  static Dataset<Row> select(
      Dataset<Row> frame,
      String pathColumn,
      String sizeColumn,
      String modifiedColumn,
      String source) {
    String path =
        column(frame, pathColumn)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        source
                            + " has no column '"
                            + pathColumn
                            + "' (columns: "
                            + String.join(", ", frame.columns())
                            + ")"));
    return frame.select(
        quoted(path).cast("string").as(PATH),
        column(frame, sizeColumn).map(PathRows::quoted).orElse(functions.lit(null)).as(SIZE),
        column(frame, modifiedColumn)
            .map(PathRows::quoted)
            .orElse(functions.lit(null))
            .as(MODIFIED));
  }

  /** A column by its name as it is, dots and all (not a field of a struct). */
  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  static Optional<String> column(Dataset<Row> frame, String name) {
    return Arrays.stream(frame.columns()).filter(c -> c.equalsIgnoreCase(name)).findFirst();
  }

  /** Whether the frame from {@link #select} has a column of sizes and one of times. */
  private static boolean hasSizesAndTimes(Dataset<Row> paths) {
    return Arrays.stream(paths.schema().fields())
        .filter(f -> f.name().equals(SIZE) || f.name().equals(MODIFIED))
        .noneMatch(f -> f.dataType().equals(DataTypes.NullType));
  }

  /**
   * The listing of {@code paths} (columns as {@link #select} makes them) under {@code root}.
   * Refused outside paths cost one pass over the rows before anything else runs.
   */
  static InputLister.Listing listing(
      JavaSparkContext sc,
      Dataset<Row> paths,
      Path root,
      ImagePathFilter filter,
      List<String> excluded,
      Outside outside,
      String source) {
    Configuration conf = sc.hadoopConfiguration();
    Excluded skip = Excluded.of(excluded, conf);
    ListedPaths resolver = new ListedPaths(root, filter, skip);
    Dataset<Row> named =
        paths
            .where(col(PATH).isNotNull().and(trim(col(PATH)).notEqual(""))) // names nothing
            .withColumn(QUALIFIED, udf(resolver::resolve, DataTypes.StringType).apply(col(PATH)));
    if (outside == Outside.REFUSED) {
      refuseOutside(named, resolver.root(), source);
    }
    Dataset<Row> kept =
        named
            .where(
                col(QUALIFIED)
                    .isNotNull()
                    .and(udf(resolver::wanted, DataTypes.BooleanType).apply(col(QUALIFIED))))
            .select(
                col(QUALIFIED),
                udf(PathRows::bytes, DataTypes.LongType).apply(col(SIZE)).as(SIZE),
                udf(PathRows::epochMillis, DataTypes.LongType).apply(col(MODIFIED)).as(MODIFIED));
    if (!hasSizesAndTimes(paths)) {
      // Spread the files to look up over the cluster, however few files the list came in (a
      // numbered repartition is never coalesced by adaptive execution).
      kept = kept.repartition(Math.max(4 * sc.defaultParallelism(), 1), col(QUALIFIED));
    }
    // One row per file however often the list names it (relative and absolute, twice): the
    // manifest has one row per input.
    Dataset<Row> unique =
        kept.groupBy(QUALIFIED).agg(max(SIZE).as(SIZE), max(MODIFIED).as(MODIFIED));
    Broadcast<SerializableConfiguration> bconf = sc.broadcast(new SerializableConfiguration(conf));
    JavaRDD<InputFile> files =
        unique
            .javaRDD()
            .map(r -> stat(r.getString(0), (Long) r.get(1), (Long) r.get(2), bconf.value().get()));
    return new InputLister.Listing(resolver.root(), files, skip.under(root));
  }

  /** A one-argument UDF from a method reference (serialisable, with what it captures). */
  private static <T, R> UserDefinedFunction udf(UDF1<T, R> f, DataType type) {
    return functions.udf(f, type);
  }

  private static void refuseOutside(Dataset<Row> named, String root, String source) {
    Dataset<Row> outside = named.where(col(QUALIFIED).isNull()).select(col(PATH));
    long n = outside.count();
    if (n > 0) {
      throw new InvalidConfigException(
          source
              + " names "
              + n
              + " path"
              + (n == 1 ? "" : "s")
              + " outside the input root "
              + root
              + " (e.g. "
              + String.join(", ", outside.limit(3).as(Encoders.STRING()).collectAsList())
              + "): list paths relative to --input or under it, or set --input to their common"
              + " folder");
    }
  }

  /** The file as the list gives it, or as storage says when the list does not say it all. */
  private static InputFile stat(String path, Long size, Long modified, Configuration conf) {
    if (size != null && modified != null) {
      return new InputFile(path, size, modified);
    }
    Path p = new Path(path);
    try {
      FileStatus s = p.getFileSystem(conf).getFileStatus(p);
      return new InputFile(path, s.getLen(), s.getModificationTime());
    } catch (FileNotFoundException e) {
      return new InputFile(path, 0, 0); // its read fails: a not_found row
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + p, e);
    }
  }

  /** A size in bytes from a number or its text; null when there is none to use. */
  static Long bytes(Object v) {
    if (v instanceof Number n) {
      return n.longValue() >= 0 ? n.longValue() : null;
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        long b = Long.parseLong(s.trim());
        return b >= 0 ? b : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * A modification time as epoch milliseconds, from a timestamp or date, a number (epoch
   * milliseconds) or text (epoch milliseconds, or ISO-8601, UTC unless it says otherwise); null
   * when there is none to use, so the file is looked up instead.
   */
  static Long epochMillis(Object v) {
    if (v instanceof Timestamp t) {
      return t.getTime();
    }
    if (v instanceof java.util.Date d) {
      return d.getTime();
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      return parseTime(s.trim());
    }
    return null;
  }

  private static Long parseTime(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException notANumber) {
      // an ISO-8601 time, below
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException noOffset) {
      // without an offset, below
    }
    try {
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
