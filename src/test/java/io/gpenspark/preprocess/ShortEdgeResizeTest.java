package io.gpenspark.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class ShortEdgeResizeTest {
  private final ShortEdgeResize resize = ShortEdgeResize.from(TestConfig.with());

  @Test
  void shortEdgeIsExactlyTheTargetAndAspectIsKeptWithinAPixel() {
    for (String photo :
        new String[] {
          "gfpgan-whole/00.jpg",
          "gfpgan-whole/10045.png",
          "gpen-figs-real/real_00.png",
          "codeformer-whole/03.jpg",
          "gpen-selfie/IMG20180716171517.jpg"
        }) {
      Mat in = TestImages.face(photo);
      Mat out = resize.apply(in);
      int inShort = Math.min(in.cols(), in.rows());
      int inLong = Math.max(in.cols(), in.rows());
      assertEquals(1024, Math.min(out.cols(), out.rows()), photo);
      assertEquals((double) inLong * 1024 / inShort, Math.max(out.cols(), out.rows()), 0.5, photo);
      assertEquals(in.cols() > in.rows(), out.cols() > out.rows(), photo + ": orientation kept");
      assertEquals(CvType.CV_8UC3, out.type());
      in.release();
      out.release();
    }
  }

  @Test
  void upscalesASmallPhoto() {
    Mat photo = TestImages.face("codeformer-whole/00.jpg");
    Mat small = photo.submat(new Rect(100, 50, 260, 200));
    Mat out = resize.apply(small);
    assertEquals(new Size(1331, 1024), out.size());
    photo.release();
    out.release();
  }

  @Test
  void defaultIsLanczos4() {
    Mat in = TestImages.face("codeformer-whole/01.jpg");
    Mat expected = new Mat();
    Imgproc.resize(
        in,
        expected,
        ShortEdgeResize.targetSize(in.cols(), in.rows(), 1024),
        0,
        0,
        Imgproc.INTER_LANCZOS4);
    Mat out = resize.apply(in);
    assertTrue(TestImages.identical(expected, out));
  }

  @Test
  void configuredInterpolationIsUsed() {
    Mat in = TestImages.face("codeformer-whole/01.jpg");
    Mat lanczos = resize.apply(in);
    Mat area =
        ShortEdgeResize.from(TestConfig.with("preprocess.resize.interpolation = AREA")).apply(in);
    assertEquals(lanczos.size(), area.size());
    assertNotEquals(0, TestImages.maxAbsDiff(lanczos, area));
  }

  @Test
  void returnsANewMatAndLeavesTheInputAlone() {
    Mat in = TestImages.face("gpen-ffhq/00004.png");
    Mat copy = in.clone();
    Mat out = resize.apply(in);
    assertTrue(TestImages.identical(copy, in));
    assertTrue(TestImages.identical(in, out), "1024x1024 is already the target");
    assertNotEquals(in.dataAddr(), out.dataAddr());
  }

  @Test
  void targetSizeRoundsTheLongEdge() {
    assertEquals(new Size(1024, 1536), ShortEdgeResize.targetSize(600, 900, 1024));
    assertEquals(new Size(1579, 1024), ShortEdgeResize.targetSize(1297, 841, 1024));
    assertEquals(new Size(1, 1), ShortEdgeResize.targetSize(5, 5, 1));
  }

  @Test
  void badSettingsNameTheKey() {
    assertKeyNamed("preprocess.resize.short-edge", "preprocess.resize.short-edge = 0");
    assertKeyNamed("preprocess.resize.short-edge", "preprocess.resize.short-edge = big");
    assertKeyNamed("preprocess.resize.interpolation", "preprocess.resize.interpolation = nearest");
  }

  private static void assertKeyNamed(String key, String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> ShortEdgeResize.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }
}
