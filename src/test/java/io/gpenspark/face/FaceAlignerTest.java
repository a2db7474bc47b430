package io.gpenspark.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

class FaceAlignerTest {
  static YunetDetector detector;

  @BeforeAll
  static void load() throws Exception {
    OpenCv.load();
    detector =
        new YunetDetector(
            Files.readAllBytes(SharedFiles.yunet()),
            new DetectorSettings(SharedFiles.yunet().toString(), 0.8, 0.3, 5000, 1280));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** A face whose landmarks are the template's under {@code toImage}. */
  private static Face faceAt(AlignmentTemplate t, Similarity toImage) {
    double[] l = new double[10];
    for (int i = 0; i < 5; i++) {
      l[2 * i] = toImage.mapX(t.x(i), t.y(i));
      l[2 * i + 1] = toImage.mapY(t.x(i), t.y(i));
    }
    return new Face(0, 0, 1, 1, l, 1);
  }

  @Test
  void theTransformOfAnExactlySimilarFaceIsRecovered() {
    AlignmentTemplate t = AlignmentTemplate.gpen(512);
    Similarity toImage = new Similarity(0.3 * Math.cos(2.5), 0.3 * Math.sin(2.5), 401.75, 96.125);
    Similarity fitted = new FaceAligner(t).toTemplate(faceAt(t, toImage));
    Similarity expected = toImage.inverse();
    assertEquals(expected.a(), fitted.a(), 1e-9);
    assertEquals(expected.b(), fitted.b(), 1e-9);
    assertEquals(expected.tx(), fitted.tx(), 1e-9);
    assertEquals(expected.ty(), fitted.ty(), 1e-9);
  }

  @Test
  void markedLandmarksLandOnTheTemplatePointsInTheCrop() {
    AlignmentTemplate t = AlignmentTemplate.ffhq(256);
    Similarity toImage = new Similarity(1.6 * Math.cos(0.4), 1.6 * Math.sin(0.4), 300, 20);
    Face face = faceAt(t, toImage);
    Mat image = blobsAt(face, 900, 800, 3.0);
    FaceAligner aligner = new FaceAligner(t);
    Mat crop = aligner.crop(image, aligner.toTemplate(face));
    assertEquals(256, crop.rows());
    assertEquals(256, crop.cols());
    for (int i = 0; i < 5; i++) {
      double[] c = centroidNear(crop, t.x(i), t.y(i));
      assertEquals(t.x(i), c[0], 0.05, "x of point " + i);
      assertEquals(t.y(i), c[1], 0.05, "y of point " + i);
    }
    image.release();
    crop.release();
  }

  /**
   * A black 8-bit grey image with a Gaussian blob (sigma in pixels) centred on each landmark,
   * sub-pixel exact.
   */
  private static Mat blobsAt(Face face, int rows, int cols, double sigma) {
    byte[] px = new byte[rows * cols];
    for (int i = 0; i < 5; i++) {
      int x0 = (int) face.landmarkX(i), y0 = (int) face.landmarkY(i);
      for (int y = y0 - 15; y <= y0 + 15; y++) {
        for (int x = x0 - 15; x <= x0 + 15; x++) {
          double d2 = Math.pow(x - face.landmarkX(i), 2) + Math.pow(y - face.landmarkY(i), 2);
          px[y * cols + x] = (byte) Math.round(255 * Math.exp(-d2 / (2 * sigma * sigma)));
        }
      }
    }
    Mat m = new Mat(rows, cols, CvType.CV_8UC1);
    m.put(0, 0, px);
    return m;
  }

  /** Intensity-weighted centroid of the blob around (x, y). */
  private static double[] centroidNear(Mat gray, double x, double y) {
    Rect r = new Rect((int) x - 10, (int) y - 10, 21, 21);
    double sum = 0, sx = 0, sy = 0;
    for (int row = r.y; row < r.y + r.height; row++) {
      for (int col = r.x; col < r.x + r.width; col++) {
        double v = gray.get(row, col)[0];
        sum += v;
        sx += v * col;
        sy += v * row;
      }
    }
    assertTrue(sum > 0, "no blob near " + x + "," + y);
    return new double[] {sx / sum, sy / sum};
  }

  @Test
  void cropsOfRealFacesPutTheEyesOnTheTemplate() {
    Mat photo =
        Imgcodecs.imread(
            SharedFiles.faces("codeformer-whole/06.png").toString(), Imgcodecs.IMREAD_COLOR);
    List<Face> faces = detector.find(photo);
    assertEquals(2, faces.size());
    AlignmentTemplate t = AlignmentTemplate.gpen(512);
    FaceAligner aligner = new FaceAligner(t);
    for (Face f : faces) {
      Mat crop = aligner.crop(photo, aligner.toTemplate(f));
      List<Face> again = detector.find(crop);
      assertFalse(again.isEmpty(), "face found again in its crop");
      Face g = nearestTo(again, 256, 256);
      double tolerance = 0.03 * t.size(); // YuNet's landmark jitter between two views of a face
      assertEquals(t.x(0), g.landmarkX(0), tolerance);
      assertEquals(t.y(0), g.landmarkY(0), tolerance);
      assertEquals(t.x(1), g.landmarkX(1), tolerance);
      assertEquals(t.y(1), g.landmarkY(1), tolerance);
      crop.release();
    }
    photo.release();
  }

  private static Face nearestTo(List<Face> faces, double x, double y) {
    Face best = faces.get(0);
    for (Face f : faces) {
      if (Math.hypot(f.eyeCentreX() - x, f.eyeCentreY() - y)
          < Math.hypot(best.eyeCentreX() - x, best.eyeCentreY() - y)) {
        best = f;
      }
    }
    return best;
  }
}
