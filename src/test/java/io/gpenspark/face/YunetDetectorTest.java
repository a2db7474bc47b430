package io.gpenspark.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class YunetDetectorTest {
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

  private static Mat read(String rel) {
    Mat m = Imgcodecs.imread(SharedFiles.faces(rel).toString(), Imgcodecs.IMREAD_COLOR);
    assertTrue(!m.empty(), rel);
    return m;
  }

  @Test
  void findsTheOneFaceOfACroppedPortraitWithPlausibleLandmarks() {
    Mat img = read("gfpgan-cropped/Adele_crop.png");
    List<Face> faces = detector.find(img);
    assertEquals(1, faces.size());
    Face f = faces.get(0);
    assertTrue(f.score() >= 0.8);
    // Image-left eye is left of the image-right eye, both above the nose, nose above the mouth.
    assertTrue(f.landmarkX(0) < f.landmarkX(1));
    assertTrue(f.landmarkY(2) > f.eyeCentreY());
    assertTrue((f.landmarkY(3) + f.landmarkY(4)) / 2 > f.landmarkY(2));
    assertTrue(f.landmarkX(3) < f.landmarkX(4));
    for (int i = 0; i < 5; i++) {
      assertTrue(
          f.landmarkX(i) >= f.x() - 1 && f.landmarkX(i) <= f.x() + f.width() + 1,
          "landmark inside box");
    }
    img.release();
  }

  @Test
  void findsSeveralFacesInAGroupPhotoSortedByScore() {
    Mat img = read("codeformer-whole/00.jpg");
    List<Face> faces = detector.find(img);
    assertTrue(faces.size() >= 2, "group photo faces: " + faces.size());
    for (int i = 1; i < faces.size(); i++) {
      assertTrue(faces.get(i - 1).score() >= faces.get(i).score());
    }
    img.release();
  }

  @Test
  void largeImagesAreDetectedOnAScaledCopyAndMappedBack() {
    Mat img = read("gfpgan-cropped/Adele_crop.png");
    Mat big = new Mat();
    Imgproc.resize(img, big, new Size(img.cols() * 4, img.rows() * 4), 0, 0, Imgproc.INTER_CUBIC);
    Face small = detector.find(img).get(0);
    List<Face> found = detector.find(big);
    assertEquals(1, found.size());
    Face f = found.get(0);
    double tolerance = 0.1 * small.eyeDistance() * 4; // landmarks jitter a little between scales
    for (int i = 0; i < 5; i++) {
      assertEquals(small.landmarkX(i) * 4, f.landmarkX(i), tolerance);
      assertEquals(small.landmarkY(i) * 4, f.landmarkY(i), tolerance);
    }
    img.release();
    big.release();
  }

  @Test
  void noFaceInAFlatImage() {
    Mat flat =
        new Mat(480, 640, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(90, 120, 150));
    assertTrue(detector.find(flat).isEmpty());
    flat.release();
  }
}
