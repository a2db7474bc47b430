package io.gpenspark.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.face.Face;
import io.gpenspark.face.FaceFinder;
import io.gpenspark.testing.TestConfig;
import io.gpenspark.testing.TestImages;
import io.gpenspark.testing.YuNetFaces;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class FaceCentredCropTest {
  private static final FaceFinder NO_FACES = bgr -> List.of();

  @Test
  void cropIsA896SquareWithTheEyeCentreAtItsCentre() {
    Mat photo = resizedPhoto("gfpgan-whole/00.jpg");
    Face best = FaceCentredCrop.best(new YuNetFaces().find(photo)).orElseThrow();
    Mat crop = FaceCentredCrop.from(TestConfig.with(), new YuNetFaces()).apply(photo);

    assertEquals(new Size(896, 896), crop.size());
    assertEquals(CvType.CV_8UC3, crop.type());
    Rect window = FaceCentredCrop.window(photo.cols(), photo.rows(), 896, Optional.of(best));
    assertEquals(best.eyeCentreX(), window.x + 448, 0.5);
    assertEquals(best.eyeCentreY(), window.y + 448, 0.5);
    assertTrue(TestImages.identical(photo.submat(window), crop), "pixels are cut, not resampled");

    // The detector finds the same face again in the middle of the crop (landmarks move by a few
    // pixels between detections on differently framed inputs).
    Face again = FaceCentredCrop.best(new YuNetFaces().find(crop)).orElseThrow();
    assertEquals(448, again.eyeCentreX(), 0.1 * again.eyeDistance());
    assertEquals(448, again.eyeCentreY(), 0.1 * again.eyeDistance());
  }

  @Test
  void windowIsShiftedInsideTheImageAndStillHoldsTheEyes() {
    Mat photo = resizedPhoto("codeformer-whole/04.jpg");
    Face best = FaceCentredCrop.best(new YuNetFaces().find(photo)).orElseThrow();
    assertTrue(best.eyeCentreY() < 448, "the eyes of this photo are too high for a centred square");

    Rect window = FaceCentredCrop.window(photo.cols(), photo.rows(), 896, Optional.of(best));
    assertEquals(0, window.y);
    assertEquals(best.eyeCentreX(), window.x + 448, 0.5);
    assertTrue(window.contains(new Point(best.eyeCentreX(), best.eyeCentreY())));
    Mat crop = FaceCentredCrop.from(TestConfig.with(), new YuNetFaces()).apply(photo);
    assertTrue(TestImages.identical(photo.submat(window), crop));
  }

  @Test
  void imageSmallerThanTheSquareGivesTheLargestFittingSquareResized() {
    Mat photo = TestImages.face("codeformer-whole/03.jpg"); // 400 x 225
    Face best = FaceCentredCrop.best(new YuNetFaces().find(photo)).orElseThrow();
    Rect window = FaceCentredCrop.window(photo.cols(), photo.rows(), 896, Optional.of(best));
    assertEquals(new Rect(window.x, 0, 225, 225), window);
    assertEquals(best.eyeCentreX(), window.x + 112.5, 0.5);

    Mat crop = FaceCentredCrop.from(TestConfig.with(), new YuNetFaces()).apply(photo);
    Mat expected = new Mat();
    Imgproc.resize(
        photo.submat(window), expected, new Size(896, 896), 0, 0, Imgproc.INTER_LANCZOS4);
    assertTrue(TestImages.identical(expected, crop));
  }

  @Test
  void withoutAFaceTheCentreSquareIsCut() {
    Mat photo = resizedPhoto("codeformer-whole/00.jpg"); // 1622 x 1024
    Mat crop = new FaceCentredCrop(896, NO_FACES).apply(photo);
    assertTrue(TestImages.identical(photo.submat(new Rect(363, 64, 896, 896)), crop));
  }

  @Test
  void leavesTheInputAloneAndReturnsANewMat() {
    Mat photo = resizedPhoto("gpen-ffhq/00004.png");
    Mat copy = photo.clone();
    Mat crop = new FaceCentredCrop(1024, NO_FACES).apply(photo);
    assertTrue(TestImages.identical(copy, photo));
    assertTrue(TestImages.identical(photo, crop));
    crop.put(0, 0, new byte[] {1, 2, 3});
    assertTrue(TestImages.identical(copy, photo), "the crop owns its pixels");
  }

  @Test
  void bestFaceHasTheHighestScoreThenTheLargestBox() {
    Face small = face(10, 10, 0.9);
    Face large = face(50, 50, 0.9);
    Face sure = face(20, 20, 0.95);
    assertEquals(sure, FaceCentredCrop.best(List.of(small, sure, large)).orElseThrow());
    assertEquals(large, FaceCentredCrop.best(List.of(small, large)).orElseThrow());
    assertEquals(Optional.empty(), FaceCentredCrop.best(List.of()));
  }

  @Test
  void windowFollowsAFaceNearTheEdge() {
    Face corner =
        new Face(0, 0, 40, 40, new double[] {-20, 990, 10, 990, 0, 1000, 0, 1010, 0, 1010}, 1);
    assertEquals(
        new Rect(0, 104, 896, 896), FaceCentredCrop.window(1500, 1000, 896, Optional.of(corner)));
  }

  @Test
  void badSizeNamesTheKey() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                FaceCentredCrop.from(TestConfig.with("preprocess.face-crop.size = -5"), NO_FACES));
    assertTrue(e.getMessage().contains("'preprocess.face-crop.size'"), e.getMessage());
  }

  private static Mat resizedPhoto(String relative) {
    Mat photo = TestImages.face(relative);
    Mat resized = ShortEdgeResize.from(TestConfig.with()).apply(photo);
    photo.release();
    return resized;
  }

  private static Face face(double w, double h, double score) {
    return new Face(0, 0, w, h, new double[] {1, 1, 3, 1, 2, 2, 1, 3, 3, 3}, score);
  }
}
