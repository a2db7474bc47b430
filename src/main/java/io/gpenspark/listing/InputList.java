package io.gpenspark.listing;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code input.list}: a file of input paths, or a folder of such files, on any Hadoop FileSystem,
 * read with Spark's readers so that a list of millions never sits on the driver. The format is told
 * by the (first) file's content: Parquet and ORC by their magic bytes, JSON as an S3 Inventory
 * manifest ({@link S3Inventory}); otherwise CSV with a header row when the name ends in .csv or
 * .csv.gz, else text with one path per line.
 */
final class InputList {
  enum Format {
    PARQUET,
    ORC,
    CSV,
    TEXT,
    S3_INVENTORY
  }

  private InputList() {}

  /** The list's format, from the first bytes of its (first) file; only a few bytes are read. */
  static Format detect(String uri, Configuration conf) {
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus s = fs.getFileStatus(p);
      Path first = s.isDirectory() ? firstListFile(fs, p, uri) : p;
      byte[] head = new byte[64];
      int n;
      try (InputStream in = fs.open(first)) {
        n = in.readNBytes(head, 0, head.length);
      }
      String start = new String(head, 0, n, StandardCharsets.ISO_8859_1);
      if (start.startsWith("PAR1")) {
        return Format.PARQUET;
      }
      if (start.startsWith("ORC")) {
        return Format.ORC;
      }
      if (start.replaceFirst("^(\u00ef\u00bb\u00bf)?\\s*", "").startsWith("{")) {
        if (s.isDirectory()) {
          throw new InvalidConfigException(
              "input.list: " + uri + " is a folder of JSON files; name the manifest.json itself");
        }
        return Format.S3_INVENTORY;
      }
      String name = first.getName().toLowerCase(Locale.ROOT);
      return name.endsWith(".csv") || name.endsWith(".csv.gz") ? Format.CSV : Format.TEXT;
    } catch (FileNotFoundException e) {
      throw new InvalidConfigException("input.list not found: " + uri);
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read input.list " + uri + ": " + ErrorLine.typed(e));
    }
  }

  /** The folder's first file by name that Spark's readers read too (not hidden or underscored). */
  private static Path firstListFile(FileSystem fs, Path dir, String uri) throws IOException {
    return Arrays.stream(fs.listStatus(dir))
        .filter(FileStatus::isFile)
        .map(FileStatus::getPath)
        .filter(f -> !ImagePathFilter.isHidden(f.getName()))
        .min(Comparator.comparing(Path::getName))
        .orElseThrow(
            () -> new InvalidConfigException("input.list: the folder " + uri + " has no files"));
  }

  /** The list's rows as {@link PathRows#select} makes them. */
  static Dataset<Row> paths(SparkSession spark, String uri, Format format, Inputs.Columns columns) {
    String source = "input.list " + uri;
    Dataset<Row> frame =
        switch (format) {
          case PARQUET -> spark.read().parquet(uri);
          case ORC -> spark.read().orc(uri);
          case CSV -> spark.read().option("header", true).csv(uri);
          case TEXT -> spark.read().text(uri).withColumnRenamed("value", columns.path());
          case S3_INVENTORY -> throw new IllegalArgumentException("an S3 Inventory is not a list");
        };
    return PathRows.select(frame, columns.path(), columns.size(), columns.modified(), source);
  }
}
