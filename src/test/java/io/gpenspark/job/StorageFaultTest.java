package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSpark;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.BadInputCorpus;
import io.gpenspark.testing.FaultyProxy;
import io.gpenspark.testing.HadoopSettings;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.S3Server;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The job on S3 through a proxy that fails or resets over 5% of the requests (503 SlowDown, 500
 * InternalError, connection reset): with S3A's retries configured it completes, every input has
 * exactly one manifest row, and the outputs are byte for byte those of a fault-free run. Spark runs
 * local[2], where a failed task is not retried: the S3A retries alone must carry it.
 */
@IntegrationTest
class StorageFaultTest {
  private static final String CLEAN = "gpen-fault-clean";
  private static final String FAULTY = "gpen-fault-faulty";

  /**
   * S3A retry settings for a flaky store, as the test uses them (short intervals, so it stays
   * fast). fs.s3a.attempts.maximum: the AWS SDK's own retries of one call (5xx, throttling,
   * connection errors); fs.s3a.retry.*: S3A's retries around those; .throttle.*: for 503 SlowDown.
   * Hadoop 3.3.4's S3A does not retry a 500 itself (its policy fails at once, trusting the SDK), so
   * the SDK's attempts must outlast a run of 500s: with attempts.maximum=1 and up to four faults in
   * a row the job failed here on a 500 while re-opening a manifest file.
   */
  static final Map<String, String> RETRIES =
      Map.of(
          "attempts.maximum", "3",
          "retry.limit", "5",
          "retry.interval", "100ms",
          "retry.throttle.limit", "8",
          "retry.throttle.interval", "100ms",
          "connection.establish.timeout", "5000",
          "connection.timeout", "30000");

  @BeforeAll
  static void start() {
    OpenCv.load();
    LocalSpark.session();
  }

  /** Faults on 15% of requests, at most 3 in a row for one request (the SDK makes 4 attempts). */
  private static final double FAULT_RATE = 0.15;

  /**
   * Small photos (faces, a group, awkward names), a faceless image and a broken file; relative path
   * to status.
   */
  private static Map<String, String> inputs(Path root) throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    Mat adele = BadInputCorpus.photo("gfpgan-cropped/Adele_crop.png");
    write(root, "portraits/adele.png", BadInputCorpus.encode(adele, ".png"), "ok", expected);
    write(
        root,
        "portraits/julia roberts.jpg",
        BadInputCorpus.encode(
            BadInputCorpus.photo("gfpgan-cropped/Julia_Roberts_crop.png"), ".jpg"),
        "ok",
        expected);
    write(
        root,
        "family 1950/group.jpg",
        Files.readAllBytes(SharedFiles.faces("codeformer-whole/00.jpg")),
        "ok",
        expected);
    write(
        root,
        "family 1950/grey/einstein.png",
        BadInputCorpus.encode(BadInputCorpus.photo("codeformer-gray/Einstein01.png"), ".png"),
        "ok",
        expected);
    for (String name :
        List.of(
            "names/hash#1.png",
            "names/ünïcødé 写真.png",
            "names/percent%20.png",
            "names/plus+sign?.png")) {
      write(root, name, BadInputCorpus.encode(adele, ".png"), "ok", expected);
    }
    write(
        root,
        "landscapes/sky.png",
        BadInputCorpus.encode(new Mat(200, 300, CvType.CV_8UC3, new Scalar(200, 150, 90)), ".png"),
        "no_face",
        expected);
    byte[] jpg = BadInputCorpus.encode(adele, ".jpg");
    write(root, "landscapes/cut short.jpg", Arrays.copyOf(jpg, jpg.length / 2), "failed", expected);
    return expected;
  }

  private static void write(
      Path root, String rel, byte[] bytes, String status, Map<String, String> expected)
      throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    expected.put(rel, status);
  }

  /** Copies the local tree into the bucket through S3A straight to the server (real PUTs). */
  private static void upload(S3Server s3, Path local, String bucket) throws Exception {
    Configuration direct = new Configuration();
    s3.sparkSettings().forEach((k, v) -> direct.set(k.substring("spark.hadoop.".length()), v));
    direct.setBoolean("fs.s3a.impl.disable.cache", true);
    try (FileSystem fs = FileSystem.get(URI.create("s3a://" + bucket + "/"), direct)) {
      fs.copyFromLocalFile(
          false,
          true,
          new org.apache.hadoop.fs.Path(local.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + bucket + "/in"));
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String bucket, String runId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        GpenSpark.run(
            new String[] {
              "restore",
              "--input",
              "s3a://" + bucket + "/in",
              "--output",
              "s3a://" + bucket + "/out",
              "--set",
              "detect.model=" + SharedFiles.yunet(),
              "--set",
              "restore.enabled=false",
              "--set",
              "preprocess.resize.short-edge=256",
              "--set",
              "input.images-per-partition=2",
              "--set",
              "job.run-id=" + runId
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** This run's manifest rows by relative input path, asserting there is exactly one per input. */
  private static Map<String, Row> rows(
      Path manifest, String bucket, String runId, Map<String, String> expected) {
    List<Row> rows =
        LocalSpark.session()
            .read()
            .parquet(manifest.toString())
            .where("run_id = '" + runId + "'")
            .collectAsList();
    String root = "s3a://" + bucket + "/in/";
    Map<String, Row> byRel = new TreeMap<>();
    for (Row r : rows) {
      String path = r.getAs("input_path");
      assertTrue(path.startsWith(root), path);
      assertEquals(null, byRel.put(path.substring(root.length()), r), "two rows for " + path);
    }
    assertEquals(new TreeMap<>(expected).keySet(), byRel.keySet(), runId + ": one row per input");
    for (var e : expected.entrySet()) {
      Row r = byRel.get(e.getKey());
      assertEquals(
          e.getValue(), r.getAs("status"), runId + " " + e.getKey() + ": " + r.getAs("error"));
    }
    return byRel;
  }

  @Test
  void jobCompletesThroughInjectedStorageFaultsWithTheSameOutputs(@TempDir Path tmp)
      throws Exception {
    Map<String, String> expected = inputs(Files.createDirectories(tmp.resolve("photos")));
    Configuration shared = LocalSpark.session().sparkContext().hadoopConfiguration();
    try (S3Server s3 = S3Server.start(tmp, CLEAN, FAULTY);
        FaultyProxy proxy = FaultyProxy.start(s3.port(), FAULT_RATE, 3, 20261121L)) {
      upload(s3, tmp.resolve("photos"), CLEAN);
      upload(s3, tmp.resolve("photos"), FAULTY);
      Map<String, String> settings = new HashMap<>(S3Server.bucketSettings(CLEAN, s3.endpoint()));
      settings.putAll(S3Server.bucketSettings(FAULTY, proxy.endpoint()));
      RETRIES.forEach((k, v) -> settings.put("fs.s3a.bucket." + FAULTY + "." + k, v));
      try (HadoopSettings applied = HadoopSettings.apply(shared, settings)) {
        long t0 = System.nanoTime();
        Run clean = run(CLEAN, "clean");
        double cleanSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, clean.code(), clean.err());

        t0 = System.nanoTime();
        Run faulty = run(FAULTY, "faulty");
        double faultySeconds = (System.nanoTime() - t0) / 1e9;
        proxy.faults(false);
        System.out.printf(
            "fault-free run %.1f s; faulty run %.1f s through %s%n",
            cleanSeconds, faultySeconds, proxy.describe());
        assertEquals(0, faulty.code(), "faulty run: " + faulty.err() + "\n" + proxy.faultLog());
        assertTrue(
            faulty.out().strip().endsWith("manifest s3a://" + FAULTY + "/out/_manifest"),
            faulty.out());
      } finally {
        for (String b : List.of(CLEAN, FAULTY)) {
          FileSystem.get(URI.create("s3a://" + b + "/"), shared).close();
        }
      }

      assertTrue(proxy.requests() >= 100, proxy.describe());
      assertTrue(
          proxy.faulted() >= 0.05 * proxy.requests(), "at least 5% faulted: " + proxy.describe());
      for (FaultyProxy.Fault f : FaultyProxy.Fault.values()) {
        assertTrue(proxy.faulted(f) > 0, f + " injected: " + proxy.describe());
      }

      Path data = s3.dataDir();
      Map<String, Row> cleanRows =
          rows(data.resolve(CLEAN + "/out/_manifest"), CLEAN, "clean", expected);
      Map<String, Row> faultyRows =
          rows(data.resolve(FAULTY + "/out/_manifest"), FAULTY, "faulty", expected);
      for (var e : expected.entrySet()) {
        String rel = e.getKey();
        Path cleanOut = data.resolve(CLEAN + "/out/" + rel);
        Path faultyOut = data.resolve(FAULTY + "/out/" + rel);
        if (e.getValue().equals("failed")) {
          assertEquals("decode_error", faultyRows.get(rel).getAs("error_code"));
          assertTrue(!Files.exists(faultyOut), "nothing written for " + rel);
          continue;
        }
        assertEquals("s3a://" + FAULTY + "/out/" + rel, faultyRows.get(rel).getAs("output_path"));
        assertEquals(
            cleanRows.get(rel).<Integer>getAs("faces"),
            faultyRows.get(rel).<Integer>getAs("faces"),
            rel);
        assertTrue(
            TestImages.samePixels(Files.readAllBytes(cleanOut), Files.readAllBytes(faultyOut)),
            rel + ": same pixels");
      }
      // No debris of the manifest commit (task attempts, _temporary) and no extra outputs.
      try (Stream<Path> s = Files.walk(data.resolve(FAULTY + "/out"))) {
        List<String> files =
            s.filter(Files::isRegularFile)
                .map(p -> data.resolve(FAULTY + "/out").relativize(p).toString())
                .filter(
                    p ->
                        !p.startsWith("_manifest/run_id=faulty/part-")
                            && !p.equals("_manifest/_SUCCESS")
                            && !p.equals("_runs/faulty.json")) // the run record
                .sorted()
                .collect(Collectors.toList());
        List<String> outputs =
            expected.entrySet().stream()
                .filter(e -> !e.getValue().equals("failed"))
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toList());
        assertEquals(outputs, files);
      }
    }
  }
}
