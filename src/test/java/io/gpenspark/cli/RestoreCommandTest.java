package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner.Result;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line causes of {@code gpen-spark restore}. */
@IntegrationTest
class RestoreCommandTest {
  private static Result run(String... args) {
    return GpenSparkRunner.restore(args);
  }

  private static void assertOneLineError(Result r, int code, String mentions) {
    assertEquals(code, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(mentions), r.err());
  }

  @Test
  void helpExitsZero() {
    Result r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--input"));
  }

  @Test
  void configurationProblemsStopAtOnceWithOneLine(@TempDir Path tmp) {
    assertOneLineError(
        run("--input", "x", "--output", "y", "--set", "preprocess.resise.enabled=false"),
        2,
        "preprocess.resise.enabled");
    assertOneLineError(run("--input", "x"), 2, "output.uri");
    assertOneLineError(
        run("--input", "x", "--output", "y", "--set", "output.format=gif"), 2, "output.format");
    assertOneLineError(
        run("--input", "x", "--output", "y", "--conf", tmp.resolve("missing.conf").toString()),
        2,
        "missing.conf");
  }

  @Test
  void missingInputOrModelStopsTheJob(@TempDir Path tmp) {
    LocalSpark.session();
    String yunet = "detect.model=" + SharedFiles.yunet();
    assertOneLineError(
        run(
            "--input",
            tmp.resolve("nothing-here").toString(),
            "--output",
            tmp.resolve("o").toString(),
            "--set",
            yunet,
            "--set",
            "restore.enabled=false"),
        2,
        "input not found");
    assertOneLineError(
        run(
            "--input",
            tmp.toString(),
            "--output",
            tmp.resolve("o").toString(),
            "--set",
            "detect.model=" + tmp.resolve("no-yunet.onnx"),
            "--set",
            "restore.enabled=false"),
        2,
        "model file not found");
    assertOneLineError(
        run("--input", tmp.toString(), "--output", tmp.resolve("o").toString(), "--set", yunet),
        2,
        "model.path");
  }
}
