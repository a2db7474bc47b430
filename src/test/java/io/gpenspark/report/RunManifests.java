package io.gpenspark.report;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RestoreSummary;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A manifest made by the real job (Spark local mode, YuNet, restoration off), once per test JVM:
 * run 1 over a tree of real photos (PhotoTree plus two files whose names hold HTML), then the
 * broken landscapes/broken.jpg is replaced by a faceless image and run 2 covers landscapes/ only,
 * appending to the same manifest.
 *
 * <pre>
 * run 1: 7 inputs: ok 4, no_face 1, failed 2 (unsupported_format: not an image by content)
 * run 2: 2 inputs: no_face 2                      (the latest run)
 * current row per input: 7: ok 4, no_face 2, failed 1
 * </pre>
 */
public final class RunManifests {
  /** A face photo and a broken file whose names are markup: the report must show them as text. */
  public static final String ODD_FACE = "odd/<i>face & \"q\" 'a'.png";

  public static final String ODD_BROKEN = "odd/<b>bad &amp; \"q\".jpg";

  private static RunManifests instance;

  public final Path root;
  public final Path input;
  public final String manifest;
  public final RestoreSummary run1;
  public final RestoreSummary run2;

  private RunManifests(Path root) throws IOException {
    this.root = root;
    this.input = Files.createDirectories(root.resolve("in"));
    PhotoTree.write(input);
    Files.createDirectories(input.resolve("odd"));
    Files.copy(SharedFiles.faces("gfpgan-cropped/Julia_Roberts_crop.png"), input.resolve(ODD_FACE));
    Files.writeString(input.resolve(ODD_BROKEN), "<script>alert(1)</script> not a jpeg");
    this.manifest = root.resolve("out/_manifest").toString();
    this.run1 = run(input, root.resolve("out"), "run-1");
    MatOfByte png = new MatOfByte();
    Imgcodecs.imencode(".png", new Mat(200, 300, CvType.CV_8UC3, new Scalar(30, 160, 90)), png);
    Files.write(input.resolve("landscapes/broken.jpg"), png.toArray());
    this.run2 = run(input.resolve("landscapes"), root.resolve("out2"), "run-2");
  }

  private RestoreSummary run(Path in, Path out, String runId) {
    Map<String, String> o = new HashMap<>();
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("manifest.uri", '"' + manifest + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("restore.enabled", "false");
    o.put("input.images-per-partition", "2");
    o.put(
        "preprocess.resize.short-edge", "512"); // a quarter of the default's pixels: faster metrics
    o.put("job.run-id", runId);
    RestoreSummary s = RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute();
    System.out.println(s.line());
    return s;
  }

  public static synchronized RunManifests get() {
    if (instance == null) {
      OpenCv.load();
      try {
        Path root = Files.createTempDirectory("gpen-report-fixture");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        instance = new RunManifests(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  static void delete(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at JVM exit
    }
  }
}
