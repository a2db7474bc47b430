package io.gpenspark.listing;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An S3 Inventory report as the run's inputs, so that nothing lists the source bucket: the
 * manifest.json names the report's data files, Spark reads them on the executors, and the objects
 * of the source bucket under the input prefix, with their sizes and times, are the inputs.
 *
 * <p>The format, from the Amazon S3 User Guide ("Amazon S3 Inventory list" and "Locating your
 * inventory list", docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html and
 * storage-inventory-location.html):
 *
 * <ul>
 *   <li>manifest.json: {@code sourceBucket}, {@code destinationBucket} (an ARN, {@code
 *       arn:aws:s3:::name}), {@code fileFormat} (CSV, ORC or Parquet), {@code fileSchema}, and
 *       {@code files}: {@code [{key, size, MD5checksum}]}, keys of data files in the destination
 *       bucket.
 *   <li>CSV: gzip-compressed, no header row, the columns {@code fileSchema} names in its order
 *       ({@code Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, …}); the
 *       key is URL-encoded, a space as '+' (as cloud-custodian found, issue #1997 of
 *       cloud-custodian/cloud-custodian), and LastModifiedDate is ISO-8601 text.
 *   <li>ORC and Parquet: lower-case columns {@code bucket, key, version_id, is_latest,
 *       is_delete_marker, size, last_modified_date} (a timestamp; Parquet's is int64
 *       TIMESTAMP_MILLIS), keys as they are.
 * </ul>
 *
 * Version columns are there when the report lists all versions: then only the current version of an
 * object counts, and a delete marker is no object.
 */
final class S3Inventory {
  /** What the run needs of a manifest.json. */
  record Manifest(
      String sourceBucket,
      String destinationBucket,
      String fileFormat,
      List<String> fileSchema,
      List<String> files) {}

  private static final List<String> FIELDS =
      List.of("sourceBucket", "destinationBucket", "fileFormat", "fileSchema", "files");

  private S3Inventory() {}

  static Manifest read(String uri, Configuration conf) {
    Path p = new Path(uri);
    JsonNode json;
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      json = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new InvalidConfigException(
          "input.list: cannot read " + uri + " as JSON: " + ErrorLine.typed(e));
    }
    List<String> missing = FIELDS.stream().filter(f -> json == null || !json.has(f)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidConfigException(
          "input.list: "
              + uri
              + " is JSON but not an S3 Inventory manifest (it lacks "
              + String.join(", ", missing)
              + ")");
    }
    String format = json.get("fileFormat").asText().toLowerCase(Locale.ROOT);
    if (!List.of("csv", "orc", "parquet").contains(format)) {
      throw new InvalidConfigException(
          "input.list: "
              + uri
              + " has fileFormat '"
              + json.get("fileFormat").asText()
              + "'; S3 Inventory reports are CSV, ORC or Parquet");
    }
    String arn = json.get("destinationBucket").asText(); // arn:aws:s3:::name
    List<String> files = new ArrayList<>();
    json.get("files").forEach(f -> files.add(f.path("key").asText()));
    return new Manifest(
        json.get("sourceBucket").asText(),
        arn.contains(":::") ? arn.substring(arn.lastIndexOf(":::") + 3) : arn,
        format,
        List.of(json.get("fileSchema").asText().split("\\s*,\\s*")),
        files);
  }

  /**
   * The report's objects under {@code root} as {@link PathRows#select} makes its rows (outside the
   * root ones are left to {@link PathRows.Outside#DROPPED}).
   */
  static Dataset<Row> paths(SparkSession spark, String manifestUri, Manifest m, Path root) {
    String source = "the S3 Inventory " + manifestUri;
    String rootBucket = root.toUri().getAuthority();
    if (!m.sourceBucket().equals(rootBucket)) {
      throw new InvalidConfigException(
          source
              + " lists bucket "
              + m.sourceBucket()
              + ", but the input "
              + root
              + " is not in it: set --input to s3a://"
              + m.sourceBucket()
              + "/<prefix>");
    }
    if (m.files().isEmpty()) {
      return spark.createDataFrame(List.of(), PathRows.SCHEMA);
    }
    String scheme = new Path(manifestUri).toUri().getScheme();
    String[] data =
        m.files().stream()
            .map(k -> scheme + "://" + m.destinationBucket() + "/" + k)
            .toArray(String[]::new);
    Dataset<Row> rows;
    Column key;
    if (m.fileFormat().equals("csv")) {
      StructType schema = new StructType();
      for (String name : m.fileSchema()) {
        schema = schema.add(snakeCase(name), DataTypes.StringType);
      }
      rows = spark.read().schema(schema).option("header", false).csv(data);
      key =
          functions
              .udf((UDF1<String, String>) S3Inventory::decodeKey, DataTypes.StringType)
              .apply(col("key"));
    } else {
      rows = m.fileFormat().equals("orc") ? spark.read().orc(data) : spark.read().parquet(data);
      key = col("key");
      String prefix = root.toUri().getPath().replaceFirst("^/", "");
      if (!prefix.isEmpty()) {
        rows = rows.where(key.startsWith(prefix + "/")); // pushed down to the reader
      }
    }
    for (String required : List.of("bucket", "key")) {
      if (PathRows.column(rows, required).isEmpty()) {
        throw new InvalidConfigException(source + " has no column " + required);
      }
    }
    Column current = col("bucket").equalTo(lit(m.sourceBucket()));
    if (PathRows.column(rows, "is_latest").isPresent()) {
      current = current.and(coalesce(word(col("is_latest")).notEqual("false"), lit(true)));
    }
    if (PathRows.column(rows, "is_delete_marker").isPresent()) {
      current = current.and(coalesce(word(col("is_delete_marker")).notEqual("true"), lit(true)));
    }
    Dataset<Row> objects =
        rows.where(current)
            .withColumn(
                PathRows.PATH,
                concat(lit(root.toUri().getScheme() + "://" + m.sourceBucket() + "/"), key));
    return PathRows.select(objects, PathRows.PATH, "size", "last_modified_date", source);
  }

  /** A CSV key, URL-decoded; kept as it is if it does not decode (its read then says so). */
  static String decodeKey(String key) {
    try {
      return key == null ? null : URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }

  /** The CSV schema's names as the ORC/Parquet columns: IsDeleteMarker → is_delete_marker. */
  static String snakeCase(String name) {
    return name.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** A boolean or its text ("true", "TRUE") as a lower-case word. */
  private static Column word(Column c) {
    return lower(trim(c.cast("string")));
  }
}
