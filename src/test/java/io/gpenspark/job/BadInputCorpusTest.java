package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSpark;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.BadInputCorpus;
import io.gpenspark.testing.BadInputCorpus.Expect;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The whole job (Main, GPEN on, real YuNet) over a corpus of broken, lying, awkward and good
 * inputs: one manifest row per input with the right status and error code, exit code 0, and an
 * upright, readable output for each good input and nothing else in the output tree.
 */
@IntegrationTest
class BadInputCorpusTest {
  private static final Path WEIGHTS =
      SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth");

  @BeforeAll
  static void start() {
    OpenCv.load();
    LocalSpark.session();
  }

  @Test
  void everyInputGetsOneTruthfulRowAndGoodOnesAnUprightOutput(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Map<String, Expect> expected = BadInputCorpus.write(in);
    Path out = tmp.resolve("out");

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code =
        GpenSpark.run(
            new String[] {
              "restore",
              "--input",
              in.toString(),
              "--output",
              out.toString(),
              "--set",
              "detect.model=" + SharedFiles.yunet(),
              "--set",
              "restore.enabled=true",
              "--set",
              "model.path=" + WEIGHTS,
              "--set",
              "restore.min-face-size=0",
              "--set",
              "preprocess.resize.short-edge=512",
              "--set",
              "input.images-per-partition=4",
              "--set",
              "job.run-id=corpus"
            },
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    String said = stdout.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, "exit code; stderr: " + stderr.toString(StandardCharsets.UTF_8));

    List<Row> rows =
        LocalSpark.session()
            .read()
            .parquet(out.resolve("_manifest").toString())
            .where("run_id = 'corpus'")
            .collectAsList();
    String root = new org.apache.hadoop.fs.Path(in.toUri()).toString().replaceFirst("/$", "") + "/";
    Map<String, Row> byRel = new HashMap<>();
    for (Row r : rows) {
      String path = r.getAs("input_path");
      assertTrue(path.startsWith(root), path + " under " + root);
      Row before = byRel.put(path.substring(root.length()), r);
      assertNull(before, "two rows for " + path);
    }
    assertEquals(
        new TreeSet<>(expected.keySet()),
        new TreeSet<>(byRel.keySet()),
        "one row per input, no other");
    String outcomes =
        byRel.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(
                e ->
                    e.getKey()
                        + ": "
                        + e.getValue().getAs("status")
                        + " "
                        + e.getValue().getAs("error_code")
                        + " "
                        + e.getValue().getAs("faces")
                        + " "
                        + e.getValue().getAs("error"))
            .collect(Collectors.joining("\n"));
    System.out.println(outcomes);

    Set<String> writtenByRows = new TreeSet<>();
    for (var e : expected.entrySet()) {
      String rel = e.getKey();
      Expect want = e.getValue();
      Row r = byRel.get(rel);
      String context =
          rel + " -> " + r.getAs("status") + " " + r.getAs("error_code") + ": " + r.getAs("error");
      assertEquals(want.status(), r.getAs("status"), context);
      assertEquals(want.errorCode(), r.getAs("error_code"), context);
      if (!want.written()) {
        assertNull(r.getAs("output_path"), context);
        assertFalse(((String) r.getAs("error")).isBlank(), context);
        continue;
      }
      assertTrue((int) r.getAs("faces") >= want.minFaces(), context + " faces " + r.getAs("faces"));
      assertEquals(want.width(), (int) r.getAs("width"), context + " decoded width (upright)");
      assertEquals(want.height(), (int) r.getAs("height"), context + " decoded height (upright)");
      String outPath = r.getAs("output_path");
      Path file = Path.of(new org.apache.hadoop.fs.Path(outPath).toUri().getPath());
      assertEquals(out.resolve(rel), file, "mirrored at the same relative path, name verbatim");
      writtenByRows.add(rel);
      Mat written =
          Imgcodecs.imdecode(
              new MatOfByte(Files.readAllBytes(file)),
              Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
      assertFalse(written.empty(), context + ": output not readable");
      assertEquals((int) r.getAs("out_width"), written.cols(), context);
      assertEquals((int) r.getAs("out_height"), written.rows(), context);
      assertEquals(
          Math.max(512, Math.min(want.width(), want.height())),
          Math.min(written.cols(), written.rows()),
          context + ": short edge standardised, never below the input's (output.resolution=max)");
      assertEquals(
          (double) want.width() / want.height(),
          (double) written.cols() / written.rows(),
          0.01,
          context + ": aspect of the upright input");
      written.release();
    }
    assertTrue(byRel.get("content/group.jpg").<Integer>getAs("faces") >= 3);
    String summary = said.strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(
        summary.startsWith(
            "gpen-spark run corpus: "
                + expected.size()
                + " inputs, "
                + expected.size()
                + " processed"),
        summary);

    // The sideways camera file comes out the right way up, not upside down.
    Mat upright = BadInputCorpus.photo("codeformer-whole/03.jpg");
    Mat result =
        Imgcodecs.imread(
            out.resolve("kinds/exif-rotated.jpg").toString(),
            Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
    Mat small = new Mat();
    Imgproc.resize(result, small, upright.size(), 0, 0, Imgproc.INTER_AREA);
    Mat flipped = new Mat();
    Core.rotate(upright, flipped, Core.ROTATE_180);
    double right = Core.norm(small, upright, Core.NORM_L1);
    double wrong = Core.norm(small, flipped, Core.NORM_L1);
    assertTrue(right < 0.5 * wrong, "upright: L1 " + right + " vs upside down " + wrong);

    // Nothing but the good inputs' outputs (and the manifest) was written.
    Set<String> files;
    try (Stream<Path> s = Files.walk(out)) {
      files =
          s.filter(Files::isRegularFile)
              .map(p -> out.relativize(p).toString())
              .filter(
                  p ->
                      !p.startsWith("_manifest/")
                          && !p.equals("_runs/corpus.json")
                          && !p.endsWith(".crc"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(writtenByRows, files, "the output tree holds exactly the written rows' files");
    try (Stream<Path> s = Files.walk(tmp)) {
      assertEquals(
          List.of(),
          s.filter(
                  p ->
                      p.getFileName().toString().contains("escape")
                          && !p.startsWith(in)
                          && !p.startsWith(out))
              .toList(),
          "nothing escaped the output root");
    }
  }
}
