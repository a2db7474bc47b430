package io.gpenspark.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

class LightnessClaheTest {
  private final LightnessClahe clahe = LightnessClahe.from(TestConfig.with());

  @Test
  void changesLightnessAndKeepsSizeAndType() {
    Mat photo = TestImages.face("gfpgan-whole/10045.png");
    Mat copy = photo.clone();
    Mat out = clahe.apply(photo);
    assertEquals(photo.size(), out.size());
    assertEquals(CvType.CV_8UC3, out.type());
    assertTrue(TestImages.maxAbsDiff(lightness(photo), lightness(out)) > 0);
    assertTrue(TestImages.identical(copy, photo), "input unchanged");
  }

  @Test
  void stretchesTheContrastOfALowContrastPhoto() {
    Mat photo = TestImages.face("gpen-ffhq/00005.png");
    Mat flat = new Mat();
    photo.convertTo(flat, -1, 40 / 255.0, 100); // every channel squeezed into 100..140
    double before = spread(lightness(flat));
    double after = spread(lightness(clahe.apply(flat)));
    assertTrue(after > 1.5 * before, "L standard deviation " + before + " -> " + after);
  }

  @Test
  void keepsTheColourOfAGreyPhotoGrey() {
    Mat grey = TestImages.face("codeformer-gray/Einstein01.png");
    Mat out = clahe.apply(grey);
    List<Mat> bgr = new ArrayList<>();
    Core.split(out, bgr);
    assertTrue(TestImages.maxAbsDiff(bgr.get(0), bgr.get(2)) <= 2, "neutral grey stays neutral");
  }

  @Test
  void badSettingsNameTheKey() {
    assertKeyNamed("preprocess.clahe.clip-limit", "preprocess.clahe.clip-limit = 0");
    assertKeyNamed("preprocess.clahe.clip-limit", "preprocess.clahe.clip-limit = high");
    assertKeyNamed("preprocess.clahe.tile-grid", "preprocess.clahe.tile-grid = 0");
  }

  private static void assertKeyNamed(String key, String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> LightnessClahe.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }

  private static Mat lightness(Mat bgr) {
    Mat lab = new Mat();
    Imgproc.cvtColor(bgr, lab, Imgproc.COLOR_BGR2Lab);
    Mat l = new Mat();
    Core.extractChannel(lab, l, 0);
    return l;
  }

  private static double spread(Mat channel) {
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble std = new MatOfDouble();
    Core.meanStdDev(channel, mean, std);
    return std.get(0, 0)[0];
  }
}
