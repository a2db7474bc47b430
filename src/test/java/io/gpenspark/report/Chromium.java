package io.gpenspark.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Debian's headless Chromium on a local HTML file: the DOM it built, a screenshot. Tests that need
 * it are skipped when no chromium is installed (.ci/run installs it).
 */
public final class Chromium {
  private Chromium() {}

  static String binary() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir :
          System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  public static void assumeInstalled() {
    assumeTrue(
        binary() != null,
        "chromium is not installed (apt-get install -y chromium); .ci/run installs it");
  }

  private static String run(Path html, Path work, List<String> extra)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
    cmd.addAll(extra);
    cmd.add(html.toUri().toString());
    Path stdout = work.resolve("chromium-" + System.nanoTime() + ".out");
    Path stderr = work.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "chromium exited " + p.exitValue() + ": " + Files.readString(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** The DOM as Chromium parsed it, serialised (text is re-escaped, real elements are tags). */
  public static String dumpDom(Path html, Path work) throws IOException, InterruptedException {
    return run(html, work, List.of("--dump-dom"));
  }

  /** A 1200×2000 screenshot as PNG. */
  public static Path screenshot(Path html, Path work) throws IOException, InterruptedException {
    Path png = work.resolve("screenshot-" + System.nanoTime() + ".png");
    run(html, work, List.of("--screenshot=" + png, "--window-size=1200,2000", "--hide-scrollbars"));
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot " + png);
    }
    return png;
  }

  /** Standard deviation of the screenshot's grey levels: near 0 for a blank page. */
  public static double greyStdDev(Path png) {
    Mat m = Imgcodecs.imread(png.toString(), Imgcodecs.IMREAD_GRAYSCALE);
    if (m.empty()) {
      throw new AssertionError("cannot read screenshot " + png);
    }
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble std = new MatOfDouble();
    Core.meanStdDev(m, mean, std);
    m.release();
    return std.toArray()[0];
  }
}
