package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.pipeline.PhotoPipeline;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A group of images through {@link GroupPipeline} with the real pipeline (OpenCV, YuNet, GPEN
 * fixture weights): one row per input in input order, a failure in a group stays with its image, a
 * failing shared forward falls back to each image alone, and an image that hangs times out alone.
 */
@IntegrationTest
class GroupPipelineTest {
  private static final Path FIXTURE = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
  private static final List<String> PHOTOS =
      List.of(
          "codeformer-whole/00.jpg",
          "codeformer-cropped/0143.png",
          "gfpgan-cropped/Adele_crop.png");
  private static final String GREY = "codeformer-gray/169_John_Lennon_00.png";

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  /**
   * The pipeline of a run from {@code in} to {@code out}, its forwards going through {@code model}
   * when given.
   */
  private static Group pipeline(
      Path in, Path out, double timeoutS, UnaryOperator<UnaryOperator<List<Mat>>> model) {
    Map<String, String> o = new HashMap<>();
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("model.path", '"' + FIXTURE.resolve("weights.pth").toString() + '"');
    o.put("preprocess.enabled", "false"); // keeps grey faces grey for FailsOnGreyFaces
    o.put("job.image-timeout", Double.toString(timeoutS));
    JobConfig config = JobConfig.load(null, o);
    Configuration hadoop = new Configuration();
    RunSettings run = RunSettings.from(config.reader());
    OutputPaths paths =
        new OutputPaths("file:" + in, "file:" + out, OutputFormat.from(config.reader()));
    PhotoPipeline photos = PhotoPipeline.builder(config).hadoop(hadoop).paths(paths).build();
    RunIdentity id = new RunIdentity("test-run", "driver", config.hash(), photos.modelId(), "test");
    return new Group(
        new GroupPipeline(photos, model.apply(photos::restoreCrops), id, run.imageTimeoutMs()),
        photos);
  }

  /** The group pipeline with the photo pipeline it runs on, closed together. */
  private record Group(GroupPipeline group, PhotoPipeline photos) implements AutoCloseable {
    List<ManifestRow> process(List<InputFile> inputs) {
      return group.process(inputs);
    }

    @Override
    public void close() {
      group.close();
      photos.close();
    }
  }

  private static InputFile input(Path file) throws Exception {
    return new InputFile(
        "file:" + file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
  }

  private static List<InputFile> copy(Path in, List<String> shared) throws Exception {
    List<InputFile> inputs = new ArrayList<>();
    for (String f : shared) {
      Path p = in.resolve(f.replace('/', '-'));
      Files.copy(SharedFiles.faces(f), p);
      inputs.add(input(p));
    }
    return inputs;
  }

  private static Row row(ManifestRow r) {
    Row plain = r.toRow();
    Object[] values = new Object[plain.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = plain.get(i);
    }
    return new GenericRowWithSchema(values, ManifestSchema.SCHEMA);
  }

  private static String status(ManifestRow r) {
    return row(r).getAs("status");
  }

  private static String errorCode(ManifestRow r) {
    return row(r).getAs("error_code");
  }

  private static String path(ManifestRow r) {
    return row(r).getAs(ManifestSchema.INPUT_PATH);
  }

  @Test
  void brokenImagesFailOnlyTheirOwnRowsInInputOrder(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    List<InputFile> photos = copy(in, PHOTOS);
    Path corrupt =
        Files.write(
            in.resolve("corrupt.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4, 5});
    Path tiny = in.resolve("tiny.png");
    Imgcodecs.imwrite(tiny.toString(), Mat.zeros(8, 8, CvType.CV_8UC3));
    List<InputFile> group =
        List.of(photos.get(0), input(corrupt), photos.get(1), input(tiny), photos.get(2));
    List<ManifestRow> rows;
    try (Group p = pipeline(in, tmp.resolve("out"), 600, UnaryOperator.identity())) {
      rows = p.process(group);
    }
    assertEquals(group.size(), rows.size());
    for (int i = 0; i < group.size(); i++) {
      assertEquals(group.get(i).path(), path(rows.get(i)), "row " + i + " is input " + i);
    }
    assertEquals("unsupported_format", errorCode(rows.get(1)));
    assertEquals("too_small", errorCode(rows.get(3)));
    for (int i : new int[] {0, 2, 4}) {
      assertEquals(
          "ok", status(rows.get(i)), path(rows.get(i)) + ": " + row(rows.get(i)).getAs("error"));
      assertTrue(
          (double) row(rows.get(i)).getAs("ms_restore") > 0,
          "each image has its share of the forward");
    }
  }

  @Test
  void aFailingSharedForwardFallsBackSoOnlyTheCulpritFails(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    List<InputFile> photos = copy(in, List.of(PHOTOS.get(1), PHOTOS.get(2)));
    Path grey = in.resolve("grey.png");
    Mat luma = Imgcodecs.imread(SharedFiles.faces(GREY).toString(), Imgcodecs.IMREAD_GRAYSCALE);
    Imgcodecs.imwrite(grey.toString(), luma);
    luma.release();
    List<InputFile> group = List.of(photos.get(0), input(grey), photos.get(1));
    List<FailsOnGreyFaces> model = new ArrayList<>();
    List<ManifestRow> rows;
    try (Group p =
        pipeline(
            in,
            tmp.resolve("out"),
            600,
            real -> {
              model.add(new FailsOnGreyFaces(real));
              return model.get(0);
            })) {
      rows = p.process(group);
    }
    assertEquals(
        List.of(3, 1, 1, 1), model.get(0).forwards, "one shared forward, then each image alone");
    assertEquals("ok", status(rows.get(0)));
    assertEquals("internal_error", errorCode(rows.get(1)));
    assertTrue(row(rows.get(1)).<String>getAs("error").contains("grey face"));
    assertEquals("ok", status(rows.get(2)));
    assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(PHOTOS.get(2).replace('/', '-'))));
  }

  @Test
  void anImageThatHangsTimesOutAloneAndTheRestOfItsGroupIsRestored(@TempDir Path tmp)
      throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    List<InputFile> photos = copy(in, PHOTOS.subList(0, 2));
    Path fifo =
        in.resolve(
            "hangs.png"); // reading a named pipe with no writer blocks, as a stalled mount would
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    List<InputFile> group =
        List.of(photos.get(0), new InputFile("file:" + fifo, 0, 0), photos.get(1));
    List<ManifestRow> rows;
    try (Group p = pipeline(in, tmp.resolve("out"), 20, UnaryOperator.identity())) {
      rows = p.process(group);
    } finally {
      try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
        unblock.flush(); // lets the abandoned worker's read end
      }
    }
    assertEquals("ok", status(rows.get(0)));
    assertEquals("timeout", errorCode(rows.get(1)));
    assertEquals("ok", status(rows.get(2)));
    assertFalse(Files.exists(tmp.resolve("out/hangs.png")));
  }

  /**
   * The real forwards, except that one with a grey face in it fails; records each forward's face
   * count.
   */
  private static final class FailsOnGreyFaces implements UnaryOperator<List<Mat>> {
    private final UnaryOperator<List<Mat>> real;
    final List<Integer> forwards = new ArrayList<>();

    FailsOnGreyFaces(UnaryOperator<List<Mat>> real) {
      this.real = real;
    }

    @Override
    public List<Mat> apply(List<Mat> aligned) {
      forwards.add(aligned.size());
      if (aligned.stream().anyMatch(FailsOnGreyFaces::grey)) {
        throw new IllegalStateException("grey face");
      }
      return real.apply(aligned);
    }

    /** Blue and red within a grey level of green on average (colour photos are far apart). */
    private static boolean grey(Mat bgr) {
      List<Mat> planes = new ArrayList<>();
      Core.split(bgr, planes);
      Mat diff = new Mat();
      Core.absdiff(planes.get(0), planes.get(1), diff);
      double bg = Core.mean(diff).val[0];
      Core.absdiff(planes.get(2), planes.get(1), diff);
      double rg = Core.mean(diff).val[0];
      planes.forEach(Mat::release);
      diff.release();
      return bg < 1 && rg < 1;
    }
  }
}
