package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.model.ModelSource;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two commands, word for word, on a fresh clone of this repository's HEAD, as a new
 * user runs them. Slow (minutes): the clone builds itself with Maven on first use, then one Spark
 * run. A server on 127.0.0.1 stands in for the publishers (GPEN_MODELS_BASE_URL), serving
 * ../shared's YuNet and a GPEN fixture as GPEN-BFR-512.pth. HOME is a temporary folder so that
 * ~/scans and ~/restored are the test's; Maven and DJL keep the user's ~/.m2 and ~/.djl.ai (Java
 * takes user.home from the password database, not from HOME).
 */
@IntegrationTest
class ReadmeCommandsTest {
  private static final Path GPEN_FIXTURE =
      SharedFiles.path("testdata/gpen-fixtures/gpen-128-cm2-n0.125/weights.pth");
  private static final char ESC = '\u001b';

  record Result(int code, String out, String err) {}

  @Test
  void theTwoCommandsRestoreAFolderOnAFreshClone(@TempDir Path tmp) throws Exception {
    Path clone = tmp.resolve("gpen-spark");
    assertEquals(
        0,
        run(
                tmp,
                Map.of(),
                120,
                "git",
                "clone",
                "--quiet",
                Path.of("").toAbsolutePath().toString(),
                clone.toString())
            .code());
    Files.createSymbolicLink(
        tmp.resolve("shared"), SharedFiles.root()); // ../shared, as beside a checkout
    List<String> commands = readmeCommands(clone.resolve("README.md"));
    assertTrue(
        commands.get(0).startsWith("models/fetch yunet && models/fetch GPEN-BFR-512 "),
        commands.get(0));
    assertEquals("submit/restore-local --input ~/scans --output ~/restored", commands.get(1));

    Path home = Files.createDirectories(tmp.resolve("home"));
    Map<String, Path> photos = photos(home.resolve("scans"));
    HttpServer publishers = publishers();
    try {
      Map<String, String> env =
          Map.of(
              "HOME",
              home.toString(),
              "GPEN_MODELS_BASE_URL",
              "http://127.0.0.1:" + publishers.getAddress().getPort() + "/models");

      // Before the models are fetched: the first build, then one line saying how to get YuNet.
      Result early = run(clone, env, 900, "bash", "-c", commands.get(1));
      assertEquals(2, early.code(), early.err());
      assertEquals(
          List.of("gpen-spark: building (first use or sources changed)..."),
          early.err().lines().limit(1).toList(),
          early.err());
      List<String> cause = early.err().lines().skip(1).toList();
      assertEquals(1, cause.size(), early.err());
      assertTrue(
          cause.get(0).contains("configuration key 'detect.model'")
              && cause.get(0).contains("`models/fetch yunet`"),
          cause.get(0));
      assertNoEscapes(early);

      Result fetch = run(clone, env, 120, "bash", "-c", commands.get(0));
      assertEquals(0, fetch.code(), fetch.err());
      assertTrue(
          fetch.out().contains("face_detection_yunet_2023mar.onnx sha256 8f2383e4"), fetch.out());
      assertEquals(-1, Files.mismatch(GPEN_FIXTURE, clone.resolve("models/GPEN-BFR-512.pth")));

      long t0 = System.nanoTime();
      Result restore = run(clone, env, 600, "bash", "-c", commands.get(1));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, restore.code(), restore.err());
      assertFalse(restore.err().contains("building"), "built once: " + restore.err());
      assertNoEscapes(restore);
      String summary = restore.out().strip().lines().reduce((a, b) -> b).orElse("");
      Matcher m =
          Pattern.compile(": 3 inputs, 3 processed \\(ok 3\\), .* (\\d+) faces, ").matcher(summary);
      assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 3, summary);
      System.out.printf(
          "README commands: restore-local %.1f s on 3 photos: %s%n", seconds, summary);

      String modelId = "GPEN-BFR-512.pth sha256:" + ModelSource.sha256(GPEN_FIXTURE);
      List<Row> rows =
          ManifestReader.all(LocalSpark.session(), home.resolve("restored/_manifest").toString())
              .collectAsList();
      assertEquals(photos.size(), rows.size());
      for (Row r : rows) {
        assertEquals("ok", r.getAs("status"), r.toString());
        assertEquals(modelId, r.getAs("model_id"));
        Path out =
            Path.of(
                new org.apache.hadoop.fs.Path((String) r.getAs("output_path")).toUri().getPath());
        assertTrue(out.startsWith(home.resolve("restored")) && Files.size(out) > 0, out.toString());
      }
    } finally {
      publishers.stop(0);
    }
  }

  /** The commands of the README's "The two commands" block, as written (comments kept). */
  private static List<String> readmeCommands(Path readme) throws IOException {
    String text = Files.readString(readme);
    int section = text.indexOf("## The two commands");
    int open = text.indexOf("```\n", section) + 4;
    return text.substring(open, text.indexOf("```", open)).strip().lines().toList();
  }

  /**
   * Three real photos under nested folders with spaces in their names and an upper-case extension.
   */
  private static Map<String, Path> photos(Path scans) throws IOException {
    Map<String, Path> photos =
        Map.of(
            "portraits/Adele crop.PNG", SharedFiles.faces("gfpgan-cropped/Adele_crop.png"),
            "family 1950/group photo.JPG", SharedFiles.faces("codeformer-whole/00.jpg"),
            "family 1950/grey/einstein.png", SharedFiles.faces("codeformer-gray/Einstein01.png"));
    for (var e : photos.entrySet()) {
      Path to = scans.resolve(e.getKey());
      Files.createDirectories(to.getParent());
      Files.copy(e.getValue(), to);
    }
    return photos;
  }

  /** The publishers' folder on 127.0.0.1: YuNet (its catalogue sha256) and fixture GPEN weights. */
  private static HttpServer publishers() throws IOException {
    Map<String, Path> files =
        Map.of(
            "/models/face_detection_yunet_2023mar.onnx",
            SharedFiles.yunet(),
            "/models/GPEN-BFR-512.pth",
            GPEN_FIXTURE);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          Path file = files.get(ex.getRequestURI().getPath());
          if (file == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = ex.getResponseBody()) {
              Files.copy(file, body);
            }
          }
          ex.close();
        });
    server.start();
    return server;
  }

  private static Result run(Path dir, Map<String, String> env, int timeoutSeconds, String... cmd)
      throws Exception {
    Path out = Files.createTempFile("readme", ".out");
    Path err = Files.createTempFile("readme", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "did not finish in "
              + timeoutSeconds
              + " s: "
              + String.join(" ", cmd)
              + "\n"
              + Files.readString(err));
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private static void assertNoEscapes(Result r) {
    assertEquals(-1, r.err().indexOf(ESC), "no ANSI escape on stderr: " + r.err());
    assertEquals(-1, r.out().indexOf(ESC), "no ANSI escape on stdout: " + r.out());
  }
}
