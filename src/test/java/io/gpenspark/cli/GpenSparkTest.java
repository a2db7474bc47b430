package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command dispatcher: help for every command, exit 2 with one line for a wrong command line.
 */
@IntegrationTest
class GpenSparkTest {
  static void assertOneLineError(GpenSparkRunner.Result r, int code, String mentions) {
    assertEquals(code, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(mentions), r.err());
  }

  @Test
  void helpForTheLauncherAndEveryCommand() {
    GpenSparkRunner.Result all = GpenSparkRunner.run("--help");
    assertEquals(0, all.code());
    for (String c :
        List.of("restore", "restore-photo", "report", "manifest", "degrade", "evaluate")) {
      assertTrue(all.out().contains("  " + c + " "), all.out());
      GpenSparkRunner.Result r = GpenSparkRunner.run(c, "--help");
      assertEquals(0, r.code(), c + ": " + r.err());
      assertTrue(r.out().startsWith("usage: gpen-spark " + c), r.out());
      assertTrue(r.err().isEmpty(), r.err());
    }
  }

  @Test
  void wrongCommandLinesExitTwoWithOneLine() {
    assertOneLineError(GpenSparkRunner.run(), 2, "a command is needed");
    assertOneLineError(GpenSparkRunner.run("frobnicate"), 2, "unknown command 'frobnicate'");
    assertOneLineError(GpenSparkRunner.run("report", "--manifest"), 2, "--manifest needs a value");
    assertOneLineError(
        GpenSparkRunner.run("report", "--bogus", "x"), 2, "unknown argument '--bogus'");
    assertOneLineError(
        GpenSparkRunner.run("manifest", "--manifest", "m"), 2, "a subcommand is needed");
    assertOneLineError(
        GpenSparkRunner.run("manifest", "frob", "--manifest", "m"), 2, "unknown subcommand 'frob'");
    assertOneLineError(
        GpenSparkRunner.run("manifest", "stats"),
        2,
        "give one of --manifest URI or --manifest-table NAME");
    assertOneLineError(
        GpenSparkRunner.run("manifest", "stats", "--manifest", "m", "--current", "--latest"),
        2,
        "at most one of");
    assertOneLineError(
        GpenSparkRunner.run("manifest", "export", "--manifest", "m", "--format", "xml"),
        2,
        "--format must be csv or jsonl");
    assertOneLineError(
        GpenSparkRunner.run("degrade", "--input", "a", "--output", "b", "--blur-sigma", "3:1"),
        2,
        "lo <= hi");
    assertOneLineError(
        GpenSparkRunner.run("degrade", "--input", "a", "--output", "b", "--jpeg-quality", "50:101"),
        2,
        "JPEG quality");
    assertOneLineError(
        GpenSparkRunner.run("degrade", "--input", "a", "--output", "b", "--kernel-size", "40"),
        2,
        "kernel size must be odd");
    assertOneLineError(
        GpenSparkRunner.run("evaluate", "--hq", "a", "--lq", "b", "--output", "c"),
        2,
        "--config NAME=SPEC is needed");
    assertOneLineError(
        GpenSparkRunner.run(
            "evaluate", "--hq", "a", "--lq", "b", "--output", "c", "--config", "x y=a=b"),
        2,
        "configuration name 'x y'");
    assertOneLineError(GpenSparkRunner.run("restore", "--input", "x"), 2, "output.uri");
  }
}
