package io.gpenspark.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.face.Face;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import io.gpenspark.testing.YuNetFaces;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class PostprocessorTest {
  private static final String PHOTO = "gpen-ffhq/00004.png";

  @Test
  void boostsThenBlends() {
    Mat photo = TestImages.face(PHOTO);
    Mat copy = photo.clone();
    List<Face> faces = YuNetFaces.atMost(640).find(photo);
    Postprocessor post = Postprocessor.from(TestConfig.with("postprocess.blend.sigma = 1.0"));

    Mat expected =
        new BreathingBlend(1.0, 0.8)
            .apply(HighFrequencyBoost.from(TestConfig.with()).apply(photo, faces));
    Mat out = post.apply(photo, faces);
    assertTrue(TestImages.identical(expected, out));
    assertEquals(CvType.CV_8UC3, out.type());
    assertTrue(TestImages.identical(copy, photo), "input unchanged");
  }

  @Test
  void switchedOffGivesIdenticalPixelsInANewMat() {
    Mat photo = TestImages.face(PHOTO);
    List<Face> faces = YuNetFaces.atMost(640).find(photo);
    for (String off :
        List.of(
            "postprocess.enabled = false",
            "postprocess { high-frequency.enabled = false, blend.enabled = false }")) {
      Postprocessor none = Postprocessor.from(TestConfig.with(off));
      Mat out = none.apply(photo, faces);
      assertTrue(TestImages.identical(photo, out), off);
      assertNotEquals(photo.dataAddr(), out.dataAddr(), off);
    }
  }

  @Test
  void eachPartHasItsOwnSwitch() {
    Mat photo = TestImages.face(PHOTO);
    List<Face> faces = YuNetFaces.atMost(640).find(photo);
    Mat boostOnly =
        Postprocessor.from(TestConfig.with("postprocess.blend.enabled = false"))
            .apply(photo, faces);
    assertTrue(
        TestImages.identical(
            HighFrequencyBoost.from(TestConfig.with()).apply(photo, faces), boostOnly));
    assertTrue(TestImages.maxAbsDiff(photo, boostOnly) > 0);

    Postprocessor blendOnly =
        Postprocessor.from(
            TestConfig.with("postprocess { high-frequency.enabled = false, blend.sigma = 1.0 }"));
    assertTrue(
        TestImages.identical(
            new BreathingBlend(1.0, 0.8).apply(photo), blendOnly.apply(photo, faces)));
  }

  @Test
  void withoutFacesOnlyTheBlendActs() {
    Mat photo = TestImages.face(PHOTO);
    Postprocessor post = Postprocessor.from(TestConfig.with("postprocess.blend.sigma = 1.0"));
    assertTrue(
        TestImages.identical(
            new BreathingBlend(1.0, 0.8).apply(photo), post.apply(photo, List.of())));
  }
}
