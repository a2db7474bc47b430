package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSpark;
import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpen-spark restore --input-list}: the job restores exactly the listed images of a folder
 * (photos not on the list are left alone), at output paths relative to --input, and a listed file
 * that is not there gets its failed row.
 */
@IntegrationTest
class InputListJobTest {

  @Test
  void restoresExactlyTheListedPhotos(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    LocalSpark.session();
    Path in = Files.createDirectories(tmp.resolve("in"));
    copy("gfpgan-cropped/Adele_crop.png", in.resolve("portraits/Adele crop.png"));
    copy("codeformer-whole/00.jpg", in.resolve("family 1950/group photo.JPG"));
    copy("gfpgan-cropped/Julia_Roberts_crop.png", in.resolve("portraits/julia.png")); // not listed
    Files.writeString(in.resolve("notes.txt"), "not an image");
    Path list = tmp.resolve("tonight.csv");
    Files.writeString(
        list,
        String.join(
            "\n",
            "path,batch",
            "portraits/Adele crop.png,1",
            in.resolve("family 1950/group photo.JPG") + ",1",
            "notes.txt,2",
            "scans/lost.jpg,2",
            ""));
    Path out = tmp.resolve("out");

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code =
        GpenSpark.run(
            new String[] {
              "restore",
              "--input",
              in.toString(),
              "--input-list",
              list.toString(),
              "--output",
              out.toString(),
              "--set",
              "detect.model=" + SharedFiles.yunet(),
              "--set",
              "restore.enabled=false",
              "--set",
              "preprocess.resize.short-edge=256",
              "--set",
              "job.run-id=from-a-list"
            },
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    String said = stdout.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    assertTrue(said.contains(": 3 inputs, 3 processed (failed 1, ok 2)"), said);

    List<Row> rows =
        LocalSpark.session().read().parquet(out.resolve("_manifest").toString()).collectAsList();
    String root = "file:" + in + "/";
    Map<String, Row> byRel = new TreeMap<>();
    for (Row r : rows) {
      String path = r.getAs("input_path");
      assertTrue(path.startsWith(root), path);
      assertNull(byRel.put(path.substring(root.length()), r), "one row for " + path);
    }
    assertEquals(
        List.of("family 1950/group photo.JPG", "portraits/Adele crop.png", "scans/lost.jpg"),
        List.copyOf(byRel.keySet()));
    for (String rel : List.of("family 1950/group photo.JPG", "portraits/Adele crop.png")) {
      Row r = byRel.get(rel);
      assertEquals("ok", r.getAs("status"), rel + ": " + r.getAs("error"));
      assertEquals("file:" + out + "/" + rel, r.getAs("output_path"));
      assertTrue(Files.isRegularFile(out.resolve(rel)), rel);
      assertEquals(Files.size(in.resolve(rel)), (long) r.getAs("input_bytes"));
    }
    Row lost = byRel.get("scans/lost.jpg");
    assertEquals("failed", lost.getAs("status"));
    assertEquals("not_found", lost.getAs("error_code"));
    String error = lost.getAs("error");
    assertTrue(error.contains("no such file"), error);
    assertNull(lost.getAs("output_path"));
    assertFalse(
        Files.exists(out.resolve("portraits/julia.png")), "an unlisted photo is left alone");
  }

  /** A list that names files outside --input, or two sources at once: exit 2, one line, no run. */
  @Test
  void aListOutsideTheInputStopsTheJobWithOneLine(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, "a.jpg\n" + tmp.resolve("elsewhere/b.jpg") + "\n");
    String[] common = {
      "--input",
      in.toString(),
      "--output",
      tmp.resolve("out").toString(),
      "--set",
      "detect.model=" + SharedFiles.yunet(),
      "--set",
      "restore.enabled=false"
    };
    GpenSparkRunner.Result outside =
        GpenSparkRunner.restore(concat(common, "--input-list", list.toString()));
    assertEquals(2, outside.code(), outside.err());
    assertEquals(1, outside.err().strip().lines().count(), outside.err());
    assertTrue(
        outside.err().contains("names 1 path outside the input root file:" + in), outside.err());
    assertFalse(Files.exists(tmp.resolve("out/_manifest")), "nothing committed");

    GpenSparkRunner.Result both =
        GpenSparkRunner.restore(
            concat(common, "--input-list", list.toString(), "--input-table", "photos"));
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("input.list and input.table are both set"), both.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static void copy(String shared, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(SharedFiles.faces(shared), to);
  }
}
