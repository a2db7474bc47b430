package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.HadoopSettings;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.S3Server;
import io.gpenspark.testing.SharedFiles;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with an S3 Inventory report as its input, against a real S3 server (s3proxy): the report
 * (manifest.json and a gzipped CSV data file, or a Parquet one, in the AWS formats) lives in its
 * own bucket; the photos in the source bucket. The run processes exactly the report's current
 * images under the input prefix, with the report's sizes and times, and nothing else: photos under
 * the prefix that the report does not name are never listed, so never restored.
 */
@IntegrationTest
class S3InventoryJobTest {
  static final String SOURCE = "inventory-test-photos";
  static final String REPORTS = "inventory-test-reports";

  /** The report's time for every object: not the upload's, so a row shows where it came from. */
  static final Instant REPORTED = Instant.parse("2021-03-04T05:06:07Z");

  /** A report row: an object of the source bucket as S3 Inventory describes it. */
  record Entry(String key, long size, boolean latest, boolean deleteMarker) {}

  @Test
  void runsOnTheReportsObjectsAloneFromCsvAndParquetReports(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    SparkSession spark = LocalSpark.session();
    Path local = Files.createDirectories(tmp.resolve("local"));
    copy("gfpgan-cropped/Adele_crop.png", local.resolve("scans/portraits/Adele crop.png"));
    copy("codeformer-whole/00.jpg", local.resolve("scans/family 1950/group+photo.jpg"));
    copy("gfpgan-cropped/Julia_Roberts_crop.png", local.resolve("scans/extra/julia.png"));
    copy("gfpgan-cropped/Paris_Hilton_crop.png", local.resolve("elsewhere/paris.png"));
    long adele = Files.size(local.resolve("scans/portraits/Adele crop.png"));
    long group = Files.size(local.resolve("scans/family 1950/group+photo.jpg"));
    List<Entry> report =
        List.of(
            new Entry("scans/portraits/Adele crop.png", adele, true, false),
            new Entry("scans/portraits/Adele crop.png", adele + 10, false, false), // older version
            new Entry("scans/family 1950/group+photo.jpg", group, true, false),
            new Entry("scans/gone.jpg", 1234, true, false), // listed, deleted since: not_found
            new Entry("scans/removed.jpg", 0, true, true), // a delete marker: no object
            new Entry("scans/notes.txt", 5, true, false), // not an image
            new Entry("elsewhere/paris.png", 42, true, false)); // outside the input prefix
    // scans/extra/julia.png is in the bucket, under the prefix, but not in the report.

    Configuration shared = spark.sparkContext().hadoopConfiguration();
    try (S3Server s3 = S3Server.start(tmp, SOURCE, REPORTS)) {
      s3.upload(local.resolve("scans"), "s3a://" + SOURCE + "/scans");
      s3.upload(local.resolve("elsewhere"), "s3a://" + SOURCE + "/elsewhere");
      String csv = csvReport(s3, tmp, report);
      String parquet = parquetReport(s3, tmp, report);
      Map<String, String> settings = new HashMap<>(S3Server.bucketSettings(SOURCE, s3.endpoint()));
      settings.putAll(S3Server.bucketSettings(REPORTS, s3.endpoint()));
      try (HadoopSettings applied = HadoopSettings.apply(shared, settings)) {
        for (String[] run : List.of(new String[] {"csv", csv}, new String[] {"parquet", parquet})) {
          RestoreSummary summary =
              RestoreJob.of(spark)
                  .input("s3a://" + SOURCE + "/scans/")
                  .inputList(run[1])
                  .output("s3a://" + SOURCE + "/restored-" + run[0])
                  .set("detect.model", '"' + SharedFiles.yunet().toString() + '"')
                  .set("restore.enabled", "false")
                  .set("preprocess.resize.short-edge", "256")
                  .set("job.run-id", run[0])
                  .execute();
          System.out.println(summary.line());
          check(spark, s3, run[0], adele, group);
        }
      } finally {
        for (String b : List.of(SOURCE, REPORTS)) {
          FileSystem.get(URI.create("s3a://" + b + "/"), shared).close();
        }
      }
    }
  }

  private static void check(SparkSession spark, S3Server s3, String run, long adele, long group) {
    Path out = s3.dataDir().resolve(SOURCE + "/restored-" + run);
    Map<String, Row> byKey = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve("_manifest").toString()).collectAsList()) {
      String path = r.getAs("input_path");
      assertNull(byKey.put(path.substring(("s3a://" + SOURCE + "/").length()), r), path);
    }
    assertEquals(
        List.of(
            "scans/family 1950/group+photo.jpg",
            "scans/gone.jpg",
            "scans/portraits/Adele crop.png"),
        List.copyOf(byKey.keySet()),
        run + ": the report's current images under the prefix, nothing listed");
    Map<String, Long> sizes =
        Map.of(
            "scans/portraits/Adele crop.png", adele,
            "scans/family 1950/group+photo.jpg", group,
            "scans/gone.jpg", 1234L);
    for (var e : byKey.entrySet()) {
      Row r = e.getValue();
      assertEquals(sizes.get(e.getKey()), r.<Long>getAs("input_bytes"), run + " " + e.getKey());
      assertEquals(
          REPORTED, r.<Timestamp>getAs("input_modified").toInstant(), run + " " + e.getKey());
    }
    for (String key :
        List.of("scans/portraits/Adele crop.png", "scans/family 1950/group+photo.jpg")) {
      Row r = byKey.get(key);
      assertEquals("ok", r.getAs("status"), run + " " + key + ": " + r.getAs("error"));
      String rel = key.substring("scans/".length());
      assertEquals("s3a://" + SOURCE + "/restored-" + run + "/" + rel, r.getAs("output_path"));
      assertTrue(Files.isRegularFile(out.resolve(rel)), run + " " + rel);
    }
    assertEquals("not_found", byKey.get("scans/gone.jpg").getAs("error_code"));
    assertFalse(Files.exists(out.resolve("extra")), run + ": julia.png was never an input");
  }

  /** manifest.json and one gzipped CSV data file, as S3 Inventory writes them for all versions. */
  static String csvReport(S3Server s3, Path tmp, List<Entry> report) throws Exception {
    Path data = tmp.resolve("report.csv.gz");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(data))) {
      for (Entry e : report) {
        // Keys URL-encoded (a space as '+'), every field quoted; a delete marker has no size.
        List<String> fields =
            List.of(
                SOURCE,
                URLEncoder.encode(e.key(), StandardCharsets.UTF_8).replace("%2F", "/"),
                "v" + Math.abs(e.hashCode()),
                Boolean.toString(e.latest()),
                Boolean.toString(e.deleteMarker()),
                e.deleteMarker() ? "" : Long.toString(e.size()),
                REPORTED.toString().replace("Z", ".000Z"),
                "0123456789abcdef",
                "STANDARD");
        List<String> quoted = new ArrayList<>();
        fields.forEach(f -> quoted.add('"' + f + '"'));
        gz.write((String.join(",", quoted) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String dataKey = "inv/" + SOURCE + "/nightly-csv/data/6a1e0f4c-csv-report.csv.gz";
    s3.upload(data, "s3a://" + REPORTS + "/" + dataKey);
    return manifest(
        s3,
        tmp,
        "nightly-csv",
        "CSV",
        "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass",
        dataKey,
        Files.size(data));
  }

  /** The Parquet schema S3 Inventory's manifest gives (its fields that this report includes). */
  private static final String PARQUET_SCHEMA =
      "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);"
          + " optional binary version_id (UTF8); optional boolean is_latest;"
          + " optional boolean is_delete_marker; optional int64 size;"
          + " optional int64 last_modified_date (TIMESTAMP_MILLIS); optional binary e_tag (UTF8);"
          + " optional binary storage_class (UTF8); }";

  /** manifest.json and one Snappy Parquet data file with the schema S3 Inventory declares. */
  private static String parquetReport(S3Server s3, Path tmp, List<Entry> report) throws Exception {
    Path data = tmp.resolve("report.parquet");
    MessageType schema = MessageTypeParser.parseMessageType(PARQUET_SCHEMA);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(data.toUri()))
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withConf(new Configuration())
            .build()) {
      for (Entry e : report) {
        Group g =
            groups
                .newGroup()
                .append("bucket", SOURCE)
                .append("key", e.key())
                .append("version_id", "v" + Math.abs(e.hashCode()))
                .append("is_latest", e.latest())
                .append("is_delete_marker", e.deleteMarker());
        if (!e.deleteMarker()) {
          g.append("size", e.size());
        }
        g.append("last_modified_date", REPORTED.toEpochMilli())
            .append("e_tag", "0123456789abcdef")
            .append("storage_class", "STANDARD");
        w.write(g);
      }
    }
    String dataKey = "inv/" + SOURCE + "/nightly-parquet/data/9b2c7d1e-parquet-report.parquet";
    s3.upload(data, "s3a://" + REPORTS + "/" + dataKey);
    return manifest(
        s3, tmp, "nightly-parquet", "Parquet", PARQUET_SCHEMA, dataKey, Files.size(data));
  }

  private static String manifest(
      S3Server s3,
      Path tmp,
      String config,
      String format,
      String fileSchema,
      String dataKey,
      long dataSize)
      throws Exception {
    String json =
        String.join(
            "\n",
            "{",
            "  \"sourceBucket\" : \"" + SOURCE + "\",",
            "  \"destinationBucket\" : \"arn:aws:s3:::" + REPORTS + "\",",
            "  \"version\" : \"2016-11-30\",",
            "  \"creationTimestamp\" : \"1614834000000\",",
            "  \"fileFormat\" : \"" + format + "\",",
            "  \"fileSchema\" : \"" + fileSchema + "\",",
            "  \"files\" : [ {",
            "    \"key\" : \"" + dataKey + "\",",
            "    \"size\" : " + dataSize + ",",
            "    \"MD5checksum\" : \"5925f4e78e1695c2d020b9f6e0000000\"",
            "  } ]",
            "}");
    Path file = tmp.resolve(config + "-manifest.json");
    Files.writeString(file, json);
    String uri =
        "s3a://" + REPORTS + "/inv/" + SOURCE + "/" + config + "/2021-03-04T05-06Z/manifest.json";
    s3.upload(file, uri);
    return uri;
  }

  static void copy(String shared, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(SharedFiles.faces(shared), to);
  }
}
