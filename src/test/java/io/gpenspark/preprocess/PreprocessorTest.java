package io.gpenspark.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.face.Face;
import io.gpenspark.face.FaceFinder;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;

class PreprocessorTest {
  /** One face with its eyes at (600, 500) in any image. */
  private static final FaceFinder ONE_FACE =
      bgr ->
          List.of(
              new Face(
                  540,
                  440,
                  120,
                  150,
                  new double[] {570, 500, 630, 500, 600, 530, 575, 560, 625, 560},
                  0.9));

  @Test
  void defaultsAreResizeThenClahe() {
    Mat photo = TestImages.face("codeformer-whole/00.jpg");
    Mat expected =
        LightnessClahe.from(TestConfig.with())
            .apply(ShortEdgeResize.from(TestConfig.with()).apply(photo));
    assertTrue(
        TestImages.identical(expected, Preprocessor.from(TestConfig.with(), null).apply(photo)));
  }

  @Test
  void stepsRunInTheOrderResizeCropClahe() {
    Preprocessor all =
        Preprocessor.from(TestConfig.with("preprocess.face-crop.enabled = true"), ONE_FACE);
    Mat photo = TestImages.face("codeformer-whole/00.jpg");

    Mat resized = ShortEdgeResize.from(TestConfig.with()).apply(photo);
    Mat cropped = new FaceCentredCrop(896, ONE_FACE).apply(resized);
    Mat expected = LightnessClahe.from(TestConfig.with()).apply(cropped);

    Mat out = all.apply(photo);
    assertEquals(new Size(896, 896), out.size());
    assertTrue(TestImages.identical(expected, out));
  }

  @Test
  void switchedOffGivesIdenticalPixelsInANewMat() {
    Mat photo = TestImages.face("gfpgan-whole/10045.png");
    for (String off :
        List.of(
            "preprocess { enabled = false, face-crop.enabled = true }",
            "preprocess { resize.enabled = false, clahe.enabled = false }")) {
      Preprocessor none = Preprocessor.from(TestConfig.with(off), ONE_FACE);
      Mat out = none.apply(photo);
      assertTrue(TestImages.identical(photo, out), off);
      assertNotEquals(photo.dataAddr(), out.dataAddr(), off);
    }
  }

  @Test
  void eachStepHasItsOwnSwitch() {
    Mat photo = TestImages.face("gfpgan-whole/10045.png");
    Mat resizeOnly =
        Preprocessor.from(TestConfig.with("preprocess.clahe.enabled = false"), null).apply(photo);
    assertTrue(
        TestImages.identical(ShortEdgeResize.from(TestConfig.with()).apply(photo), resizeOnly));

    Mat claheOnly =
        Preprocessor.from(TestConfig.with("preprocess.resize.enabled = false"), null).apply(photo);
    assertTrue(
        TestImages.identical(LightnessClahe.from(TestConfig.with()).apply(photo), claheOnly));
  }

  @Test
  void faceCropNeedsAFaceFinder() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> Preprocessor.from(TestConfig.with("preprocess.face-crop.enabled = true"), null));
    assertTrue(e.getMessage().contains("face finder"), e.getMessage());
  }

  @Test
  void releasesIntermediatesButNotTheInputOrTheResult() {
    List<Mat> made = new ArrayList<>();
    PreprocessStep copy =
        bgr -> {
          Mat m = bgr.clone();
          made.add(m);
          return m;
        };
    Mat photo = TestImages.face("codeformer-whole/01.jpg");
    Mat out = new Preprocessor(List.of(copy, copy, copy)).apply(photo);
    assertSame(made.get(2), out);
    assertTrue(made.get(0).empty() && made.get(1).empty(), "intermediates released");
    assertTrue(TestImages.identical(photo, out));
  }

  @Test
  void releasesTheIntermediateWhenAStepFails() {
    List<Mat> made = new ArrayList<>();
    PreprocessStep copy =
        bgr -> {
          Mat m = bgr.clone();
          made.add(m);
          return m;
        };
    PreprocessStep broken =
        bgr -> {
          throw new IllegalStateException("broken step");
        };
    Mat photo = TestImages.face("codeformer-whole/01.jpg");
    assertThrows(
        IllegalStateException.class, () -> new Preprocessor(List.of(copy, broken)).apply(photo));
    assertTrue(made.get(0).empty());
    assertFalse(photo.empty(), "the input is not released");
  }
}
