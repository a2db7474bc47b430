package io.gpenspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Outputs an archive keeps: never smaller than the scan (output.resolution), 16-bit scans at 16
 * bits with every pixel outside the restored faces exactly as scanned, grey scans grey. The real
 * pipeline: YuNet, the 64-px GPEN fixture, OpenCV codecs.
 */
@IntegrationTest
class ArchiveOutputTest {
  private static final String WEIGHTS =
      SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth").toString();

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  /** Restores {@code file} into {@code out} with the given settings (tone steps off unless set). */
  private static Photo restore(Path file, Path out, String... keys) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("model.path", '"' + WEIGHTS + '"');
    o.put("preprocess.clahe.enabled", "false");
    o.put("postprocess.enabled", "false");
    for (int i = 0; i < keys.length; i += 2) {
      o.put(keys[i], keys[i + 1]);
    }
    JobConfig config = JobConfig.load(null, o);
    OutputPaths paths =
        new OutputPaths(
            "file:" + file.getParent(), "file:" + out, OutputFormat.from(config.reader()));
    try (PhotoPipeline p = PhotoPipeline.builder(config).paths(paths).build()) {
      Photo photo =
          p.process(new InputFile("file:" + file, Files.size(file), 0), StageListener.NONE);
      assertFalse(photo.failed(), () -> photo.failure().get().getMessage());
      return photo;
    }
  }

  /** A 2316×2316 scan with a face: a real photo upscaled, as a flatbed scan of a print would be. */
  private static Mat scan() {
    Mat photo = TestImages.face("gfpgan-cropped/Adele_crop.png");
    Mat big = new Mat();
    Imgproc.resize(photo, big, new Size(2316, 2316), 0, 0, Imgproc.INTER_CUBIC);
    photo.release();
    return big;
  }

  /** Pixels further than {@code margin} from every face box are equal in both images. */
  private static boolean sameOutsideFaces(Mat a, Mat b, Photo photo, int margin) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Mat changed = new Mat();
    Core.transform(diff, changed, Mat.ones(1, diff.channels(), CvType.CV_32F));
    Mat mask = new Mat();
    Imgproc.threshold(changed, mask, 0, 255, Imgproc.THRESH_BINARY);
    Rect r = Imgproc.boundingRect(changedPoints(mask));
    diff.release();
    changed.release();
    mask.release();
    // Everything that changed lies in one box no larger than the faces' area with a margin.
    return r.area() == 0 || (r.width < a.cols() - 2 * margin && r.height < a.rows() - 2 * margin);
  }

  private static Mat changedPoints(Mat mask) {
    Mat eight = new Mat();
    mask.convertTo(eight, CvType.CV_8U);
    Mat points = new Mat();
    Core.findNonZero(eight, points);
    eight.release();
    return points;
  }

  @Test
  void aLargeScanComesBackAtFullSizeAndStandardStaysStandard(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("scan.png");
    Mat scan = scan();
    Imgcodecs.imwrite(in.toString(), scan);

    Photo max = restore(in, tmp.resolve("max"));
    assertEquals(2316, max.outWidth());
    assertEquals(2316, max.outHeight());
    assertTrue(max.faces() >= 1, "the face is restored at full size");
    Mat written =
        Imgcodecs.imread(tmp.resolve("max/scan.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
    assertFalse(TestImages.identical(scan, written), "the face changed");
    assertTrue(sameOutsideFaces(scan, written, max, 100), "nothing outside the face was resampled");

    Photo standard = restore(in, tmp.resolve("std"), "output.resolution", "standard");
    assertEquals(1024, standard.outWidth());
    assertEquals(standard.faces(), max.faces());
  }

  @Test
  void aSmallPhotoIsUpscaledUnlessInputSizeIsAskedFor(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("small.jpg");
    Files.copy(SharedFiles.faces("codeformer-whole/00.jpg"), in); // 491×310
    Photo max = restore(in, tmp.resolve("max"));
    assertEquals(1024, Math.min(max.outWidth(), max.outHeight()));
    Photo input = restore(in, tmp.resolve("input"), "output.resolution", "input");
    assertEquals(491, input.outWidth());
    assertEquals(310, input.outHeight());
    assertEquals(max.faces(), input.faces(), "faces are found on the working image either way");
  }

  @Test
  void sixteenBitScansStaySixteenBitAndUntouchedPixelsKeepTheirValues(@TempDir Path tmp)
      throws Exception {
    Mat eight = TestImages.face("gfpgan-cropped/Adele_crop.png");
    Mat deep = new Mat();
    eight.convertTo(deep, CvType.CV_16UC3, 257);
    Mat noise = new Mat(deep.size(), CvType.CV_16UC3);
    Core.randu(noise, 0, 200); // low bits that 8 bits cannot hold
    Core.add(deep, noise, deep);
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("deep.png");
    Imgcodecs.imwrite(in.toString(), deep);

    Photo photo = restore(in, tmp.resolve("out"), "output.resolution", "input");
    assertTrue(photo.faces() >= 1);
    Mat written =
        Imgcodecs.imread(tmp.resolve("out/deep.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
    assertEquals(CvType.CV_16UC3, written.type());
    assertEquals(deep.size(), written.size());
    assertFalse(TestImages.identical(deep, written), "the face changed");
    assertTrue(
        sameOutsideFaces(deep, written, photo, 20),
        "pixels outside the face keep their 16-bit values");

    Photo jpeg = restore(in, tmp.resolve("jpg"), "output.format", "jpg");
    assertTrue(jpeg.outputPath().get().endsWith(".jpg"));
    assertEquals(
        CvType.CV_8UC3,
        Imgcodecs.imread(tmp.resolve("jpg/deep.jpg").toString(), Imgcodecs.IMREAD_UNCHANGED).type(),
        "JPEG holds 8 bits");
  }

  @Test
  void claheAtSixteenBitsKeepsMoreThan256Levels(@TempDir Path tmp) throws Exception {
    Mat eight = TestImages.face("gfpgan-cropped/Adele_crop.png");
    Mat deep = new Mat();
    eight.convertTo(deep, CvType.CV_16UC3, 257);
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("deep.png");
    Imgcodecs.imwrite(in.toString(), deep);
    restore(
        in, tmp.resolve("out"), "preprocess.clahe.enabled", "true", "output.resolution", "input");
    Mat written =
        Imgcodecs.imread(tmp.resolve("out/deep.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
    Mat green = new Mat();
    Core.extractChannel(written, green, 1);
    Mat notMultipleOf257 = new Mat();
    Mat rem = new Mat();
    green.convertTo(rem, CvType.CV_32S);
    Core.subtract(rem, new Scalar(0), rem);
    int[] v = new int[(int) rem.total()];
    rem.get(0, 0, v);
    long off = java.util.Arrays.stream(v).filter(x -> x % 257 != 0).count();
    notMultipleOf257.release();
    assertTrue(off > v.length / 2, "tones between the 8-bit levels: " + off + " of " + v.length);
  }

  @Test
  void greyScansComeBackGrey(@TempDir Path tmp) throws Exception {
    Mat colour = TestImages.face("codeformer-gray/Einstein01.png");
    Mat grey = new Mat();
    Imgproc.cvtColor(colour, grey, Imgproc.COLOR_BGR2GRAY);
    Path in = Files.createDirectories(tmp.resolve("in")).resolve("grey.png");
    Imgcodecs.imwrite(in.toString(), grey);
    restore(in, tmp.resolve("out"));
    Mat written =
        Imgcodecs.imread(tmp.resolve("out/grey.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
    assertEquals(1, written.channels());
  }
}
