package io.gpenspark.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.face.Face;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.TestConfig;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;

class FaceRegionsTest {
  private static final Size IMAGE = new Size(800, 900);

  /** An upright face, eye distance 100: eyes at y 400, nose tip 60 below, mouth 100 below. */
  static final Face UPRIGHT = face(400, 400, 100, 0);

  private final FaceRegions all = FaceRegions.from(TestConfig.with());

  @BeforeAll
  static void openCv() {
    OpenCv.load();
  }

  @Test
  void maskIsAFloatImageOfTheWholePictureBetweenZeroAndOne() {
    Mat mask = all.mask(IMAGE, List.of(UPRIGHT));
    assertEquals(IMAGE, mask.size());
    assertEquals(CvType.CV_32F, mask.type());
    Core.MinMaxLocResult range = Core.minMaxLoc(mask);
    assertEquals(0, range.minVal);
    assertEquals(1, range.maxVal);
  }

  @Test
  void everyRegionCoversItsAnchorAndLeavesTheRestOfTheFaceAlone() {
    Mat mask = all.mask(IMAGE, List.of(UPRIGHT));
    assertEquals(1, at(mask, 350, 400), "left eye");
    assertEquals(1, at(mask, 450, 400), "right eye");
    assertEquals(1, at(mask, 400, 500), "lips");
    assertEquals(1, at(mask, 340, 445), "left cheekbone");
    assertEquals(1, at(mask, 460, 445), "right cheekbone");
    assertEquals(1, at(mask, 400, 270), "hairline");
    assertEquals(0, at(mask, 400, 460), "nose tip");
    assertEquals(0, at(mask, 400, 365), "between the brows");
    assertEquals(0, at(mask, 400, 600), "chin");
    assertEquals(0, at(mask, 10, 10), "background");
  }

  @Test
  void onlyTheConfiguredRegionsArePlaced() {
    FaceRegions lips =
        FaceRegions.from(TestConfig.with("postprocess.high-frequency.regions = [LIPS]"));
    assertEquals(EnumSet.of(FaceRegion.LIPS), lips.regions());
    Mat mask = lips.mask(IMAGE, List.of(UPRIGHT));
    assertEquals(1, at(mask, 400, 500));
    assertEquals(0, at(mask, 350, 400), "no eye region");
    assertEquals(0, at(mask, 400, 270), "no hairline region");
  }

  @Test
  void regionsTurnWithTheHead() {
    Face turned =
        face(400, 400, 100, Math.PI / 2); // rolled 90 degrees: "down the face" is image left
    Mat mask = all.mask(IMAGE, List.of(turned));
    assertEquals(1, at(mask, 300, 400), "lips, 100 px along the face's down axis");
    assertEquals(1, at(mask, 530, 400), "hairline, 130 px up the face");
    assertEquals(0, at(mask, 400, 500), "nothing where upright lips would be");
  }

  @Test
  void sizesFollowTheEyeDistance() {
    double small = Core.sumElems(all.mask(IMAGE, List.of(UPRIGHT))).val[0];
    double large =
        Core.sumElems(all.mask(new Size(1600, 1800), List.of(UPRIGHT.scaled(2, 0, 0)))).val[0];
    assertEquals(4, large / small, 0.05);
  }

  @Test
  void overlappingFacesTakeTheLargerWeight() {
    Mat mask = all.mask(IMAGE, List.of(UPRIGHT, face(405, 400, 100, 0)));
    assertEquals(1, Core.minMaxLoc(mask).maxVal);
  }

  @Test
  void boundsHoldTheWholeMaskAndPartialMasksMatchIt() {
    List<Face> faces =
        List.of(UPRIGHT, face(700, 150, 80, 0.3)); // the second face runs off the image
    Rect bounds = all.bounds(IMAGE, faces);
    Mat whole = all.mask(IMAGE, faces);
    Mat inside = all.mask(bounds, faces);
    assertEquals(Core.sumElems(whole).val[0], Core.sumElems(inside).val[0], 1e-3);
    Mat diff = new Mat();
    Core.absdiff(whole.submat(bounds), inside, diff);
    assertEquals(0, Core.minMaxLoc(diff).maxVal);
    assertTrue(
        bounds.x >= 0
            && bounds.y >= 0
            && bounds.br().x <= IMAGE.width
            && bounds.br().y <= IMAGE.height);
  }

  @Test
  void noFacesNoMask() {
    assertEquals(0, all.bounds(IMAGE, List.of()).area());
    assertEquals(0, Core.countNonZero(all.mask(IMAGE, List.of())));
  }

  @Test
  void badRegionListsNameTheKey() {
    assertKeyNamed("postprocess.high-frequency.regions = []");
    assertKeyNamed("postprocess.high-frequency.regions = [eyes, nose]");
    assertKeyNamed("postprocess.high-frequency.regions = eyes");
  }

  private static void assertKeyNamed(String override) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> FaceRegions.from(TestConfig.with(override)));
    assertTrue(e.getMessage().contains("'postprocess.high-frequency.regions'"), e.getMessage());
  }

  private static double at(Mat mask, int x, int y) {
    return mask.get(y, x)[0];
  }

  /** A face with eye centre (cx, cy), eye distance d, rolled by {@code roll} radians. */
  static Face face(double cx, double cy, double d, double roll) {
    double[] upright = {-0.5, 0, 0.5, 0, 0, 0.6, -0.4, 1.0, 0.4, 1.0};
    double[] l = new double[10];
    double cos = Math.cos(roll);
    double sin = Math.sin(roll);
    for (int i = 0; i < 10; i += 2) {
      l[i] = cx + d * (upright[i] * cos - upright[i + 1] * sin);
      l[i + 1] = cy + d * (upright[i] * sin + upright[i + 1] * cos);
    }
    return new Face(cx - d, cy - d, 2 * d, 2.2 * d, l, 0.9);
  }
}
