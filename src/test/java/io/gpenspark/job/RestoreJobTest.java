package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.metrics.Quality;
import io.gpenspark.model.ModelCache;
import io.gpenspark.testing.HadoopSettings;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.S3Server;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** The whole job in Spark local mode, on the local file system and on S3 (s3proxy on 127.0.0.1). */
@IntegrationTest
class RestoreJobTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    OpenCv.load();
    spark = LocalSpark.session();
  }

  private static JobConfig config(String input, String output, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(extra);
    o.put("input.uri", '"' + input + '"');
    o.put("output.uri", '"' + output + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("restore.enabled", "false");
    o.put("input.images-per-partition", "2");
    return JobConfig.load(null, o);
  }

  /** Runs the job and checks the manifest: one row per input, statuses, outputs, metrics. */
  private static void runAndCheck(
      String input,
      String output,
      Map<String, String> expected,
      Function<String, byte[]> readOutput) {
    RestoreSummary summary = RestoreJob.of(spark, config(input, output, Map.of())).execute();
    System.out.println(summary.line());
    assertEquals(0, ModelCache.loaded(), "the run's models are released when it ends");
    List<Row> rows =
        spark
            .read()
            .parquet(output + "/_manifest")
            .where("run_id = '" + summary.runId() + "'")
            .collectAsList();
    String outcomes =
        rows.stream()
            .map(r -> r.getAs("input_path") + " " + r.getAs("status") + " " + r.getAs("error"))
            .collect(java.util.stream.Collectors.joining("\n"));
    assertEquals(expected.size(), summary.inputs());
    assertEquals(3, summary.count("ok"), outcomes);
    assertEquals(1, summary.count("no_face"), outcomes);
    assertEquals(1, summary.count("failed"), outcomes);
    assertEquals(expected.size(), rows.size(), "exactly one row per input");
    Map<String, Row> byRel = new HashMap<>();
    for (Row r : rows) {
      String path = r.getAs("input_path");
      String rel =
          expected.keySet().stream()
              .filter(path::endsWith)
              .findFirst()
              .orElseThrow(() -> new AssertionError(path));
      assertNull(byRel.put(rel, r), "duplicate row for " + rel);
    }
    for (var e : expected.entrySet()) {
      Row r = byRel.get(e.getKey());
      assertEquals(e.getValue(), r.getAs("status"), e.getKey() + ": " + r.getAs("error"));
      if (e.getValue().equals("failed")) {
        assertEquals("unsupported_format", r.getAs("error_code"), "a text file named .jpg");
        assertNull(r.getAs("output_path"));
        continue;
      }
      String out = r.getAs("output_path");
      assertTrue(out.endsWith(e.getKey()), "mirrored path: " + out);
      Mat written = ImageDecoder.decode(readOutput.apply(out));
      assertEquals((int) r.getAs("out_width"), written.cols());
      assertEquals((int) r.getAs("out_height"), written.rows());
      assertEquals(1024, Math.min(written.cols(), written.rows()), "short edge standardised");
      double psnr = r.getAs("psnr");
      assertTrue(psnr > 20 && psnr < 100, "psnr " + psnr);
      assertEquals("input", r.getAs("metric_reference"));
      assertTrue((double) r.getAs("ms_preprocess") > 0);
      assertFalse(((String) r.getAs("config_hash")).isEmpty());
      assertEquals("none", r.getAs("model_id"));
      written.release();
    }
    Row adele = byRel.get("portraits/Adele crop.PNG");
    assertEquals(1, (int) adele.getAs("faces"));
    assertTrue((int) byRel.get("family 1950/group photo.JPG").getAs("faces") >= 2);
  }

  @Test
  void localFolderInMirroredOutputsAndOneManifestRowPerInput(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Map<String, String> expected = PhotoTree.write(in);
    Path out = tmp.resolve("out");
    runAndCheck(
        in.toString(),
        out.toString(),
        expected,
        uri -> {
          try {
            return Files.readAllBytes(
                Path.of(new org.apache.hadoop.fs.Path(uri).toUri().getPath()));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    // Metrics are reproducible from the files alone: recompute one with the input on disk.
    Row row = spark.read().parquet(out + "/_manifest").where("input_path like '%Adele%'").first();
    Mat written = ImageDecoder.decode(Files.readAllBytes(out.resolve("portraits/Adele crop.PNG")));
    Mat original = ImageDecoder.decode(Files.readAllBytes(in.resolve("portraits/Adele crop.PNG")));
    Quality q = ImageQuality.from(config("a", "b", Map.of()).reader()).measure(written, original);
    assertEquals(q.psnr(), (double) row.getAs("psnr"), 1e-9);
    assertEquals(q.ssim(), (double) row.getAs("ssim"), 1e-9);
  }

  @Test
  void s3aInputAndOutputAgainstAnS3Server(@TempDir Path tmp) throws Exception {
    try (S3Server s3 = S3Server.start(tmp, "photos")) {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      s3.sparkSettings().forEach((k, v) -> hadoop.set(k.substring("spark.hadoop.".length()), v));
      hadoop.setBoolean("fs.s3a.impl.disable.cache", true);
      // Uploaded through S3A (real PUTs, real ETags), not placed behind the server's back.
      Map<String, String> expected = PhotoTree.write(Files.createDirectories(tmp.resolve("scans")));
      org.apache.hadoop.fs.Path scans = new org.apache.hadoop.fs.Path("s3a://photos/scans");
      scans
          .getFileSystem(hadoop)
          .copyFromLocalFile(new org.apache.hadoop.fs.Path(tmp.resolve("scans").toUri()), scans);
      runAndCheck(
          "s3a://photos/scans",
          "s3a://photos/restored",
          expected,
          uri -> {
            String key = uri.substring("s3a://photos/".length());
            try {
              return Files.readAllBytes(s3.dataDir().resolve("photos").resolve(key));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      assertNotNull(
          Files.list(s3.dataDir().resolve("photos/restored/_manifest")).findAny().orElse(null));
    }
  }

  /**
   * --output under --input, run twice: each run lists exactly the original photos (never an
   * output), processes each once, nests nothing (no restored/restored), and its summary says the
   * output folder was left out.
   */
  private static void twoRunsWithTheOutputInsideTheInput(
      String input, String output, Map<String, String> expected, Function<String, Boolean> exists) {
    for (int run = 1; run <= 2; run++) {
      RestoreSummary summary = RestoreJob.of(spark, config(input, output, Map.of())).execute();
      System.out.println(summary.line());
      List<Row> rows =
          spark
              .read()
              .parquet(output + "/_manifest")
              .where("run_id = '" + summary.runId() + "'")
              .collectAsList();
      List<String> paths = rows.stream().map(r -> (String) r.getAs("input_path")).sorted().toList();
      assertEquals(expected.size(), summary.inputs(), "run " + run + ": " + paths);
      assertEquals(expected.size(), rows.size(), "run " + run + ": " + paths);
      assertEquals(expected.size(), paths.stream().distinct().count(), "each photo once: " + paths);
      for (String p : paths) {
        assertFalse(p.contains("/restored/"), "run " + run + " listed an output as an input: " + p);
        assertTrue(expected.keySet().stream().anyMatch(p::endsWith), p);
      }
      assertTrue(
          summary.line().contains("; skipped the output folder under the input; manifest "),
          summary.line());
    }
    assertTrue(exists.apply(output + "/portraits/Adele crop.PNG"));
    assertFalse(exists.apply(output + "/restored"), "nothing nested under the output");
  }

  @Test
  void outputInsideTheInputIsNeverAnInputLocally(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Map<String, String> expected = PhotoTree.write(photos);
    twoRunsWithTheOutputInsideTheInput(
        photos.toString(),
        photos.resolve("restored").toString(),
        expected,
        uri -> Files.exists(Path.of(uri)));
    // Outside the input, the summary says nothing about it.
    RestoreSummary elsewhere =
        RestoreJob.of(spark, config(photos.toString(), tmp.resolve("out").toString(), Map.of()))
            .execute();
    assertFalse(elsewhere.line().contains("skipped"), elsewhere.line());
  }

  @Test
  void outputInsideTheInputIsNeverAnInputOnS3(@TempDir Path tmp) throws Exception {
    try (S3Server s3 = S3Server.start(tmp, "archive")) {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      Map<String, String> settings = new HashMap<>();
      s3.sparkSettings().forEach((k, v) -> settings.put(k.substring("spark.hadoop.".length()), v));
      settings.put("fs.s3a.impl.disable.cache", "true");
      try (HadoopSettings applied = HadoopSettings.apply(hadoop, settings)) {
        Map<String, String> expected =
            PhotoTree.write(Files.createDirectories(tmp.resolve("photos")));
        org.apache.hadoop.fs.Path photos = new org.apache.hadoop.fs.Path("s3a://archive/photos");
        photos
            .getFileSystem(hadoop)
            .copyFromLocalFile(
                new org.apache.hadoop.fs.Path(tmp.resolve("photos").toUri()), photos);
        twoRunsWithTheOutputInsideTheInput(
            "s3a://archive/photos",
            "s3a://archive/photos/restored",
            expected,
            uri ->
                Files.exists(
                    s3.dataDir()
                        .resolve("archive")
                        .resolve(uri.substring("s3a://archive/".length()))));
      }
    }
  }
}
