package io.gpenspark.job;

import static io.gpenspark.job.S3InventoryJobTest.REPORTS;
import static io.gpenspark.job.S3InventoryJobTest.SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.imageio.OpenCv;
import io.gpenspark.job.S3InventoryJobTest.Entry;
import io.gpenspark.testing.HadoopSettings;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.S3Server;
import io.gpenspark.testing.SharedFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly data-lake run end to end: inputs from an S3 Inventory report in a real S3 server
 * (s3proxy), the manifest committed to an Apache Iceberg table that Spark SQL reads back, and a
 * second night with nothing new that adds no per-input row and no snapshot, only its run record
 * (JSON under the output and a row in the runs table).
 */
@IntegrationTest
class NightlyLakeRunTest {

  @Test
  void inventoryInIcebergOutAndANothingNewNightAddsNoRows(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    SparkSession spark = LocalSpark.session();
    String catalog = "spark.sql.catalog.nightly";
    spark.conf().set(catalog, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(catalog + ".type", "hadoop");
    spark.conf().set(catalog + ".warehouse", tmp.resolve("warehouse").toUri().toString());
    Path local = Files.createDirectories(tmp.resolve("local"));
    S3InventoryJobTest.copy("gfpgan-cropped/Adele_crop.png", local.resolve("scans/a/adele.png"));
    S3InventoryJobTest.copy("codeformer-whole/00.jpg", local.resolve("scans/b/group.jpg"));
    List<Entry> report =
        List.of(
            new Entry(
                "scans/a/adele.png", Files.size(local.resolve("scans/a/adele.png")), true, false),
            new Entry(
                "scans/b/group.jpg", Files.size(local.resolve("scans/b/group.jpg")), true, false));

    Configuration shared = spark.sparkContext().hadoopConfiguration();
    try (S3Server s3 = S3Server.start(tmp, SOURCE, REPORTS)) {
      s3.upload(local.resolve("scans"), "s3a://" + SOURCE + "/scans");
      String inventory = S3InventoryJobTest.csvReport(s3, tmp, report);
      Map<String, String> settings = new HashMap<>(S3Server.bucketSettings(SOURCE, s3.endpoint()));
      settings.putAll(S3Server.bucketSettings(REPORTS, s3.endpoint()));
      try (HadoopSettings applied = HadoopSettings.apply(shared, settings)) {
        for (String night : List.of("night-1", "night-2")) {
          RestoreSummary summary =
              RestoreJob.of(spark)
                  .input("s3a://" + SOURCE + "/scans/")
                  .inputList(inventory)
                  .output("s3a://" + SOURCE + "/restored")
                  .manifestTable("nightly.db.photos")
                  .set("job.mode", "incremental")
                  .set("detect.model", '"' + SharedFiles.yunet().toString() + '"')
                  .set("restore.enabled", "false")
                  .set("preprocess.resize.short-edge", "256")
                  .set("job.run-id", night)
                  .execute();
          System.out.println(summary.line());
        }
        List<Row> rows =
            spark
                .sql("SELECT run_id, input_path, status FROM nightly.db.photos ORDER BY input_path")
                .collectAsList();
        assertEquals(2, rows.size(), rows.toString());
        for (Row r : rows) {
          assertEquals("night-1", r.getString(0), r.toString());
          assertEquals("ok", r.getString(2), r.toString());
        }
        assertEquals(1, spark.sql("SELECT * FROM nightly.db.photos.snapshots").count());
        Row second =
            spark
                .sql(
                    "SELECT inputs, to_process, unchanged FROM nightly.db.photos_runs"
                        + " WHERE run_id = 'night-2'")
                .first();
        assertEquals(
            List.of(2L, 0L, 2L), List.of(second.getLong(0), second.getLong(1), second.getLong(2)));
        Path record = s3.dataDir().resolve(SOURCE + "/restored/_runs/night-2.json");
        assertTrue(Files.readString(record).contains("\"unchanged\":2"), Files.readString(record));
      } finally {
        for (String b : List.of(SOURCE, REPORTS)) {
          FileSystem.get(URI.create("s3a://" + b + "/"), shared).close();
        }
      }
    }
  }
}
