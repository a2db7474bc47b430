package io.gpenspark.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.face.Face;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import io.gpenspark.testing.YuNetFaces;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class HighFrequencyBoostTest {
  private static final Face FACE = FaceRegionsTest.UPRIGHT;

  /**
   * The left eye's region is centred at (350, 395), 35 x 22 px; a dark/light step runs down x =
   * 349|350.
   */
  private static final int STEP_X = 350;

  private final HighFrequencyBoost boost = HighFrequencyBoost.from(TestConfig.with());

  @BeforeAll
  static void openCv() {
    OpenCv.load();
  }

  @Test
  void sharpEdgeInARegionIsUntouchedWhileWeakTextureBesideItIsBoosted() {
    Mat scene = texturedScene(true);
    Mat out = boost.apply(scene, List.of(FACE));
    Mat regions = FaceRegions.from(TestConfig.with()).mask(scene.size(), List.of(FACE));
    for (int y = 385; y <= 405; y++) {
      for (int x = STEP_X - 2; x <= STEP_X + 1; x++) {
        assertTrue(regions.get(y, x)[0] > 0.5, "the edge lies inside the eye region");
        assertEquals(scene.get(y, x)[1], out.get(y, x)[1], "edge pixel (" + x + "," + y + ")");
      }
    }
    Rect textureInSameRegion = new Rect(322, 390, 12, 20);
    assertTrue(
        TestImages.maxAbsDiff(scene.submat(textureInSameRegion), out.submat(textureInSameRegion))
            > 0);
  }

  @Test
  void weakGradientTextureInARegionGetsMoreHighFrequencyEnergy() {
    Mat scene = texturedScene(false);
    Mat out = boost.apply(scene, List.of(FACE));
    Rect cheek = new Rect(450, 435, 20, 20);
    double before = detailEnergy(scene.submat(cheek));
    double after = detailEnergy(out.submat(cheek));
    assertTrue(after > 1.3 * before, "detail energy " + before + " -> " + after);
  }

  @Test
  void realFaceGetsMoreDetailAroundTheEyesAndNothingOutsideTheRegions() {
    Mat photo = TestImages.face("gpen-val/hq/ffhq_00000.png");
    Mat copy = photo.clone();
    List<Face> faces = YuNetFaces.atMost(640).find(photo);
    assertEquals(1, faces.size());
    Mat out = boost.apply(photo, faces);
    assertTrue(TestImages.identical(copy, photo), "input unchanged");
    assertEquals(photo.size(), out.size());
    assertEquals(CvType.CV_8UC3, out.type());

    Mat regions = FaceRegions.from(TestConfig.with()).mask(photo.size(), faces);
    Mat outside = new Mat();
    Core.compare(regions, new Scalar(0), outside, Core.CMP_EQ);
    Mat changed = changedPixels(photo, out);
    Mat changedOutside = new Mat();
    Core.bitwise_and(changed, outside, changedOutside);
    assertEquals(
        0, Core.countNonZero(changedOutside), "pixels outside every region are bit-identical");
    assertTrue(Core.countNonZero(changed) > 1000);

    Face face = faces.get(0);
    Rect eye = new Rect((int) face.landmarkX(0) - 20, (int) face.landmarkY(0) - 15, 40, 30);
    assertTrue(detailEnergy(out.submat(eye)) > 1.05 * detailEnergy(photo.submat(eye)));
  }

  @Test
  void detailIsAddedEquallyToEveryChannelSoColourIsKept() {
    Mat photo = TestImages.face("gpen-ffhq/00007.png");
    Mat out = boost.apply(photo, YuNetFaces.atMost(640).find(photo));
    byte[] in = new byte[(int) photo.total() * 3];
    byte[] res = new byte[in.length];
    photo.get(0, 0, in);
    out.get(0, 0, res);
    int checked = 0;
    for (int i = 0; i < in.length; i += 3) {
      int db = (res[i] & 0xff) - (in[i] & 0xff);
      int dg = (res[i + 1] & 0xff) - (in[i + 1] & 0xff);
      int dr = (res[i + 2] & 0xff) - (in[i + 2] & 0xff);
      if ((db != 0 || dg != 0 || dr != 0) && !saturated(res, i)) {
        assertTrue(db == dg && dg == dr, "pixel " + i / 3 + ": " + db + "," + dg + "," + dr);
        checked++;
      }
    }
    assertTrue(checked > 1000);
  }

  @Test
  void resultDoesNotDependOnWhatLiesFarFromTheFace() {
    Mat scene = texturedScene(true);
    Mat canvas = new Mat(1300, 1200, CvType.CV_8UC3);
    Core.randu(canvas, 0, 256);
    Rect place = new Rect(150, 120, scene.cols(), scene.rows());
    scene.copyTo(canvas.submat(place));
    Mat alone = boost.apply(scene, List.of(FACE));
    Mat embedded = boost.apply(canvas, List.of(FACE.scaled(1, place.x, place.y)));
    assertTrue(TestImages.identical(alone, embedded.submat(place)));
  }

  @Test
  void withoutFacesThePixelsAreCopied() {
    Mat photo = TestImages.face("gpen-ffhq/00004.png");
    Mat out = boost.apply(photo, List.of());
    assertTrue(TestImages.identical(photo, out));
    assertTrue(photo.dataAddr() != out.dataAddr());
  }

  @Test
  void gateRampsInFadesOutAndStopsAtStrong() {
    GradientGate gate = new GradientGate(2, 10, 30);
    assertEquals(0, gate.gain(0));
    assertEquals(0, gate.gain(2));
    assertEquals(0.5, gate.gain(6), 1e-12);
    assertEquals(1, gate.gain(10));
    assertEquals(0.5, gate.gain(20), 1e-12);
    assertEquals(0, gate.gain(30));
    assertEquals(0, gate.gain(120));
    assertThrows(IllegalArgumentException.class, () -> new GradientGate(10, 10, 30));
  }

  @Test
  void gainIsLinearForSmallDetailAndNeverExceedsTheLimit() {
    SoftLimitedGain gain = new SoftLimitedGain(0.5, 6);
    assertEquals(0.05, gain.added(0.1), 1e-5);
    assertEquals(-0.05, gain.added(-0.1), 1e-5);
    assertTrue(gain.added(1000) <= 6 && gain.added(1000) > 5.99);
    assertTrue(gain.added(-1000) >= -6);
  }

  @Test
  void badSettingsNameTheKey() {
    String p = "postprocess.high-frequency.";
    assertKeyNamed(p + "weak-gradient", p + "weak-gradient = 1.5");
    assertKeyNamed(p + "strong-gradient", p + "strong-gradient = 10");
    assertKeyNamed(p + "credible-gradient", p + "credible-gradient = -1");
    assertKeyNamed(p + "detail-sigma", p + "detail-sigma = 0");
    assertKeyNamed(p + "gradient-sigma", p + "gradient-sigma = soft");
    assertKeyNamed(p + "amount", p + "amount = -0.5");
    assertKeyNamed(p + "limit", p + "limit = 0");
    assertKeyNamed(p + "regions", p + "regions = [ears]");
  }

  private static void assertKeyNamed(String key, String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> HighFrequencyBoost.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }

  /**
   * Mid-grey with a diagonal texture (amplitude 12 grey levels, period 7 px: a local gradient of
   * about 7 grey levels per pixel, in the boosted band), optionally split by a 175 grey-level step
   * at {@link #STEP_X}.
   */
  private static Mat texturedScene(boolean withStep) {
    Mat scene = new Mat(900, 800, CvType.CV_8UC3);
    byte[] px = new byte[800 * 900 * 3];
    for (int y = 0; y < 900; y++) {
      for (int x = 0; x < 800; x++) {
        double base = withStep ? (x < STEP_X ? 40 : 215) : 128;
        long v = Math.round(base + 12 * Math.sin(2 * Math.PI * (x + 2 * y) / 7.0));
        for (int c = 0; c < 3; c++) {
          px[3 * (y * 800 + x) + c] = (byte) v;
        }
      }
    }
    scene.put(0, 0, px);
    return scene;
  }

  /** Sum of squared luma detail (luma minus its Gaussian blur, sigma 1). */
  private static double detailEnergy(Mat bgr) {
    Mat grey = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    grey.convertTo(grey, CvType.CV_32F);
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(grey, blurred, new Size(0, 0), 1.0);
    Core.subtract(grey, blurred, grey);
    return grey.dot(grey);
  }

  /** 255 where any channel differs. */
  private static Mat changedPixels(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Mat summed = new Mat();
    Core.transform(diff, summed, new Mat(1, 3, CvType.CV_32F, new Scalar(1)));
    Mat changed = new Mat();
    Core.compare(summed, new Scalar(0), changed, Core.CMP_GT);
    return changed;
  }

  private static boolean saturated(byte[] px, int i) {
    for (int c = i; c < i + 3; c++) {
      int v = px[c] & 0xff;
      if (v == 0 || v == 255) {
        return true;
      }
    }
    return false;
  }
}
