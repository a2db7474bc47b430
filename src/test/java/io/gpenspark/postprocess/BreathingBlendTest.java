package io.gpenspark.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class BreathingBlendTest {
  private static final String[] PHOTOS = {
    "gpen-val/hq/ffhq_00000.png",
    "gpen-ffhq/00004.png",
    "gpen-ffhq/00008.png",
    "gfpgan-whole/00.jpg",
    "codeformer-whole/06.png",
    "gpen-selfie/2020-12-17 185036.jpg",
    "codeformer-gray/Einstein01.png",
    "gpen-figs-real/real_01.png"
  };

  private final BreathingBlend blend = BreathingBlend.from(TestConfig.with());

  /** At sigma 0.3 the blur's centre weight is 0.985: on these photos no pixel moves at all. */
  @Test
  void movesNoPixelOfARealPhotoByMoreThanOneGreyLevel() {
    for (String photo : PHOTOS) {
      Mat in = TestImages.face(photo);
      Mat copy = in.clone();
      Mat out = blend.apply(in);
      assertEquals(in.size(), out.size());
      assertEquals(CvType.CV_8UC3, out.type());
      assertTrue(TestImages.maxAbsDiff(in, out) <= 1, photo);
      assertTrue(TestImages.identical(copy, in), photo + ": input unchanged");
    }
  }

  @Test
  void softensAOnePixelCheckerboardByOneGreyLevel() {
    // The hardest case for sigma 0.3: every neighbour differs by 255 and the blur moves a pixel by
    // 3.9 grey levels, of which the blend keeps a fifth.
    Mat board = new Mat(32, 32, CvType.CV_8UC3);
    byte[] px = new byte[32 * 32 * 3];
    for (int i = 0; i < px.length; i++) {
      int pixel = i / 3;
      px[i] = (byte) (((pixel % 32 + pixel / 32) % 2) * 255);
    }
    board.put(0, 0, px);
    assertEquals(1, TestImages.maxAbsDiff(board, blend.apply(board)));
  }

  @Test
  void isWeightedMixOfTheImageAndItsAutomaticallySizedBlur() {
    Mat in = TestImages.face("gpen-ffhq/00005.png");
    BreathingBlend strong = new BreathingBlend(1.0, 0.5);
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(
        in, blurred, new Size(7, 7), 1.0); // OpenCV's size for sigma 1 on 8-bit images
    Mat expected = new Mat();
    Core.addWeighted(in, 0.5, blurred, 0.5, 0, expected);
    assertTrue(TestImages.identical(expected, strong.apply(in)));
  }

  @Test
  void fullWeightKeepsThePixels() {
    Mat in = TestImages.face("gpen-ffhq/00005.png");
    assertTrue(TestImages.identical(in, new BreathingBlend(0.3, 1.0).apply(in)));
  }

  @Test
  void badSettingsNameTheKey() {
    assertKeyNamed("postprocess.blend.sigma", "postprocess.blend.sigma = 0");
    assertKeyNamed("postprocess.blend.weight", "postprocess.blend.weight = 1.5");
    assertKeyNamed("postprocess.blend.weight", "postprocess.blend.weight = -0.1");
  }

  private static void assertKeyNamed(String key, String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> BreathingBlend.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }
}
