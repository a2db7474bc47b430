package io.gpenspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Expected values come from BasicSR's calculate_psnr / calculate_ssim (numpy + cv2). */
@IntegrationTest
class ImageQualityTest {
  private static final double EXACT = 1e-6;

  @BeforeAll
  static void openCv() {
    OpenCv.load();
  }

  @Test
  void testVectorMatchesBasicSr() {
    Mat a = vector(false);
    Mat b = vector(true);
    assertEquals(29.226649, new ImageQuality(0, false).measure(a, b).psnr(), EXACT);
    assertEquals(29.239822, new ImageQuality(4, false).measure(a, b).psnr(), EXACT);
    assertEquals(0.942160, new ImageQuality(0, false).measure(a, b).ssim(), EXACT);
    assertEquals(0.945159, new ImageQuality(4, false).measure(a, b).ssim(), EXACT);
    assertEquals(33.430472, new ImageQuality(0, true).measure(a, b).psnr(), EXACT);
    assertEquals(0.961357, new ImageQuality(0, true).measure(a, b).ssim(), EXACT);
    assertEquals(
        new Quality(
            new ImageQuality(0, true).measure(a, b).psnr(),
            new ImageQuality(0, true).measure(a, b).ssim()),
        new ImageQuality(0, true).measure(a, b));
  }

  /**
   * GPEN's validation pair; expected values from skimage.metrics (gaussian_weights, sigma 1.5,
   * population covariance).
   */
  @Test
  void realPairMatchesAnIndependentImplementation() {
    Mat lq = TestImages.face("gpen-val/lq/ffhq_00000.png");
    Mat hq = TestImages.face("gpen-val/hq/ffhq_00000.png");
    Quality rgb = new ImageQuality(0, false).measure(lq, hq);
    assertEquals(24.535713558, rgb.psnr(), 1e-8);
    assertEquals(0.708165940, rgb.ssim(), 1e-8);
    Quality y = new ImageQuality(0, true).measure(lq, hq);
    assertEquals(27.027412165, y.psnr(), 1e-8);
    assertEquals(0.799280802, y.ssim(), 1e-8);
    Quality cropped = new ImageQuality(4, false).measure(lq, hq);
    assertEquals(24.574321131, cropped.psnr(), 1e-8);
    assertEquals(0.707568572, cropped.ssim(), 1e-8);
  }

  @Test
  void ssimEqualsTheLiteralTwoDimensionalFilterOnPhotos() {
    Mat photo = TestImages.face("codeformer-whole/06.png");
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(photo, blurred, new Size(0, 0), 2);
    assertSsimAsOracle(photo, blurred, "726x838 photo, blurred");
    Mat lq = TestImages.face("gpen-val/lq/ffhq_00001.png");
    assertSsimAsOracle(
        lq, TestImages.face("gpen-val/hq/ffhq_00001.png"), "1024x1024 validation pair");
  }

  @Test
  void ssimEqualsTheLiteralTwoDimensionalFilterOnNoiseAndTheSmallestSizes() {
    Random random = new Random(11);
    assertSsimAsOracle(noise(97, 61, random), noise(97, 61, random), "97x61 noise");
    assertSsimAsOracle(noise(11, 11, random), noise(11, 11, random), "11x11: a single valid pixel");
    assertSsimAsOracle(noise(11, 30, random), noise(11, 30, random), "11 wide");
    assertSsimAsOracle(noise(30, 11, random), noise(30, 11, random), "11 high");
  }

  @Test
  void identicalImagesHaveInfinitePsnrAndSsimOne() {
    Mat photo = TestImages.face("codeformer-whole/03.jpg");
    Quality q = new ImageQuality(0, false).measure(photo, photo.clone());
    assertEquals(Double.POSITIVE_INFINITY, q.psnr());
    assertEquals(1.0, q.ssim(), 1e-12);
  }

  @Test
  void isSymmetricAndLeavesTheImagesAlone() {
    Mat a = vector(false);
    Mat b = vector(true);
    Mat aCopy = a.clone();
    Mat bCopy = b.clone();
    ImageQuality quality = new ImageQuality(2, false);
    Quality ab = quality.measure(a, b);
    Quality ba = quality.measure(b, a);
    assertEquals(ab.psnr(), ba.psnr(), 1e-12);
    assertEquals(ab.ssim(), ba.ssim(), 1e-12);
    assertTrue(TestImages.identical(aCopy, a) && TestImages.identical(bCopy, b));
  }

  @Test
  void referenceOfAnotherSizeIsResizedWithLanczos4() {
    Mat output = TestImages.face("gpen-val/lq/ffhq_00001.png");
    Mat small = new Mat();
    Imgproc.resize(
        TestImages.face("gpen-val/hq/ffhq_00001.png"),
        small,
        new Size(400, 400),
        0,
        0,
        Imgproc.INTER_AREA);
    Mat resized = new Mat();
    Imgproc.resize(small, resized, output.size(), 0, 0, Imgproc.INTER_LANCZOS4);
    ImageQuality quality = new ImageQuality(0, false);
    assertEquals(quality.measure(output, resized), quality.measure(output, small));
  }

  @Test
  void refusesWhatItCannotMeasure() {
    Mat a = vector(false);
    Mat asFloat = new Mat();
    a.convertTo(asFloat, CvType.CV_32F);
    assertThrows(
        IllegalArgumentException.class,
        () -> new ImageQuality(0, false).measure(asFloat, asFloat).psnr());
    assertThrows(
        IllegalArgumentException.class, () -> new ImageQuality(32, false).measure(a, a).psnr());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ImageQuality(19, false).measure(a, a).ssim(),
        "48 - 38 < 11 rows");
    assertThrows(IllegalArgumentException.class, () -> new ImageQuality(-1, false));
  }

  @Test
  void readsItsSettingsAndNamesBadKeys() {
    Mat a = vector(false);
    Mat b = vector(true);
    Quality q =
        ImageQuality.from(TestConfig.with("metrics { crop-border = 4, y-channel = false }"))
            .measure(a, b);
    assertEquals(29.239822, q.psnr(), EXACT);
    assertKeyNamed("metrics.crop-border", "metrics.crop-border = -1");
    assertKeyNamed("metrics.y-channel", "metrics.y-channel = maybe");
  }

  /**
   * Ssim against SsimOracle on the same planes, as B, G, R and as Y: equal up to float64 rounding.
   */
  private static void assertSsimAsOracle(Mat output, Mat reference, String what) {
    for (MeasuredPlanes planes :
        new MeasuredPlanes[] {new MeasuredPlanes(0, false), new MeasuredPlanes(0, true)}) {
      Mat a = planes.of(output);
      Mat b = planes.of(reference);
      assertEquals(SsimOracle.between(a, b), Ssim.between(a, b), 1e-12, what + ", " + planes);
    }
  }

  private static Mat noise(int width, int height, Random random) {
    byte[] px = new byte[width * height * 3];
    random.nextBytes(px);
    Mat m = new Mat(height, width, CvType.CV_8UC3);
    m.put(0, 0, px);
    return m;
  }

  private static void assertKeyNamed(String key, String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> ImageQuality.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }

  /**
   * The 48x64 test vector, defined in R, G, B order: A = (4x + 3y + 50c + ((xy) mod 7) 9) mod 256,
   * B = clamp(A + ((7x + 13y + 5c) mod 31) - 15, 0, 255); stored B, G, R like every Mat here.
   */
  private static Mat vector(boolean distorted) {
    byte[] px = new byte[48 * 64 * 3];
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (4 * x + 3 * y + 50 * c + ((x * y) % 7) * 9) % 256;
          if (distorted) {
            v = Math.max(0, Math.min(255, v + (7 * x + 13 * y + 5 * c) % 31 - 15));
          }
          px[(y * 64 + x) * 3 + (2 - c)] = (byte) v;
        }
      }
    }
    Mat m = new Mat(48, 64, CvType.CV_8UC3);
    m.put(0, 0, px);
    return m;
  }
}
