package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.report.RunManifests;
import io.gpenspark.testing.IntegrationTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit/gpen-spark as a user runs it: a new JVM with Spark's Java options, relative paths taken
 * from the caller's directory. It runs on this test JVM's classpath (GPEN_SPARK_CLASSPATH) rather
 * than building with Maven inside a Maven build.
 */
@IntegrationTest
class LauncherTest {
  record Result(int code, String out, String err) {}

  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  static Result launch(Path cwd, String... args) throws Exception {
    Path launcher = Path.of("submit/gpen-spark").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("GPEN_SPARK_CLASSPATH", classpath());
    pb.environment().put("GPEN_SPARK_JAVA_OPTS", "-Xmx1g");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish: " + cmd);
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void helpAndUsageErrors(@TempDir Path tmp) throws Exception {
    Result help = launch(tmp, "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("evaluate"), help.out());
    Result restore = launch(tmp, "restore", "--help");
    assertEquals(0, restore.code(), restore.err());
    assertTrue(
        restore.out().startsWith("usage: gpen-spark restore --input URI --output URI"),
        restore.out());
    Result wrong = launch(tmp, "frobnicate");
    assertEquals(2, wrong.code());
    assertEquals(
        "gpen-spark: unknown command 'frobnicate'; one of restore, restore-photo, report, manifest, degrade, evaluate",
        wrong.err().strip());
  }

  @Test
  void relativePathsFromTheCallersDirectory(@TempDir Path tmp) throws Exception {
    RunManifests m = RunManifests.get();
    // The manifest given relative to the caller's directory, the report written there too.
    Path rel = tmp.relativize(Path.of(m.manifest));
    Files.createDirectories(tmp.resolve("reports"));
    Result r =
        launch(
            tmp,
            "report",
            "--manifest",
            rel.toString().replace(File.separatorChar, '/'),
            "--run",
            "run-1",
            "--output",
            "reports/run-1.html",
            "--gallery",
            "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("7 inputs"), r.out());
    assertTrue(
        Files.readString(tmp.resolve("reports/run-1.html")).contains("id=\"count-failed\">2<"));

    Result missing = launch(tmp, "manifest", "stats", "--manifest", "no/such/manifest");
    assertEquals(2, missing.code(), missing.err());
    assertTrue(
        missing.err().strip().endsWith("manifest not found: " + tmp.resolve("no/such/manifest")),
        missing.err());
  }
}
