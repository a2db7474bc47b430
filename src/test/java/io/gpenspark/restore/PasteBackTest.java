package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.face.AlignmentTemplate;
import io.gpenspark.face.DetectorSettings;
import io.gpenspark.face.Face;
import io.gpenspark.face.FaceAligner;
import io.gpenspark.face.Similarity;
import io.gpenspark.face.YunetDetector;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Paste-back geometry on a real photo and real detections, with plain-colour crops standing in for
 * faces.
 */
class PasteBackTest {
  static final int SIZE = 128;
  static final AlignmentTemplate TEMPLATE = AlignmentTemplate.gpen(SIZE);
  static final Scalar RED = new Scalar(0, 0, 255);
  static final Scalar GREEN = new Scalar(0, 255, 0);
  static Mat photo;
  static List<Face> faces;
  static PasteBack pasteBack;

  @BeforeAll
  static void load() throws Exception {
    OpenCv.load();
    photo =
        Imgcodecs.imread(
            SharedFiles.faces("codeformer-whole/06.png").toString(), Imgcodecs.IMREAD_COLOR);
    try (YunetDetector detector =
        new YunetDetector(
            Files.readAllBytes(SharedFiles.yunet()),
            new DetectorSettings("yunet", 0.8, 0.3, 5000, 1280))) {
      faces = detector.find(photo);
    }
    assertEquals(2, faces.size());
    pasteBack = new PasteBack(FaceMask.build(TEMPLATE, 0.1));
  }

  @AfterAll
  static void release() {
    photo.release();
  }

  private static PasteBack.Placed solid(Face face, Scalar colour) {
    Similarity toImage = new FaceAligner(TEMPLATE).toTemplate(face).inverse();
    return new PasteBack.Placed(new Mat(SIZE, SIZE, CvType.CV_8UC3, colour), toImage);
  }

  /** The weight of every image pixel (0 outside the pasted area). */
  private static Mat fullWeight(PasteBack.Pasted p) {
    Mat w = Mat.zeros(photo.size(), CvType.CV_32FC1);
    p.weight().copyTo(w.submat(p.area()));
    return w;
  }

  private static int countWhere(Mat weight, int cmp, double value) {
    Mat sel = new Mat();
    Core.compare(weight, new Scalar(value), sel, cmp);
    return Core.countNonZero(sel);
  }

  @Test
  void pixelsOfWeightZeroKeepTheirExactValueAndFullWeightTakesTheFace() {
    Mat before = photo.clone();
    PasteBack.Pasted p =
        pasteBack.paste(photo, List.of(solid(faces.get(0), RED), solid(faces.get(1), GREEN)));
    assertEquals(0, differing(before, photo, null), "input untouched");
    Mat weight = fullWeight(p);

    Mat outside = new Mat();
    Core.compare(weight, new Scalar(0), outside, Core.CMP_EQ);
    assertEquals(0, differing(photo, p.image(), outside), "changed pixels outside every mask");
    assertTrue(countWhere(weight, Core.CMP_GT, 0) > 1000, "faces were pasted");

    Mat full = new Mat();
    Core.compare(weight, new Scalar(1), full, Core.CMP_GE);
    assertTrue(Core.countNonZero(full) > 500);
    Mat expected = photo.clone();
    expected.setTo(RED, fullOf(faces.get(0)));
    expected.setTo(GREEN, fullOf(faces.get(1)));
    assertEquals(0, differing(expected, p.image(), full), "full-weight pixels are the face's");
  }

  /** Pixels where this face alone has full weight. */
  private static Mat fullOf(Face face) {
    Mat w = fullWeight(pasteBack.paste(photo, List.of(solid(face, RED))));
    Mat sel = new Mat();
    Core.compare(w, new Scalar(1), sel, Core.CMP_GE);
    return sel;
  }

  @Test
  void overlappingFacesTakeTheStrongerWeightNotTheSum() {
    Face a = faces.get(0);
    Face b =
        a.scaled(1, 0.6 * a.eyeDistance(), 0.2 * a.eyeDistance()); // overlaps a by most of its mask
    Mat wa = fullWeight(pasteBack.paste(photo, List.of(solid(a, RED))));
    Mat wb = fullWeight(pasteBack.paste(photo, List.of(solid(b, GREEN))));
    PasteBack.Pasted both = pasteBack.paste(photo, List.of(solid(a, RED), solid(b, GREEN)));
    Mat w = fullWeight(both);

    Mat max = new Mat();
    Core.max(wa, wb, max);
    Mat diff = new Mat();
    Core.absdiff(w, max, diff);
    assertEquals(0, Core.minMaxLoc(diff).maxVal, 0, "combined weight = per-pixel max");
    Mat overlap = new Mat();
    Core.min(wa, wb, overlap);
    assertTrue(countWhere(overlap, Core.CMP_GT, 0.5) > 100, "the two masks overlap");

    // Where a is the stronger, the pixel is photo blended towards red only (green is absent).
    Rect area = both.area();
    int checked = 0;
    for (int y = area.y; y < area.y + area.height; y += 3) {
      for (int x = area.x; x < area.x + area.width; x += 3) {
        double va = wa.get(y, x)[0], vb = wb.get(y, x)[0];
        if (va > 0.2 && vb > 0.2 && va != vb) {
          double weight = Math.max(va, vb);
          Scalar colour = va > vb ? RED : GREEN;
          double[] in = photo.get(y, x), out = both.image().get(y, x);
          for (int c = 0; c < 3; c++) {
            assertEquals(
                in[c] + (colour.val[c] - in[c]) * weight, out[c], 0.51, "pixel " + x + "," + y);
          }
          checked++;
        }
      }
    }
    assertTrue(checked > 50, "overlap pixels checked: " + checked);
  }

  @Test
  void aFacePartlyOutsideTheImageIsClippedAndNoFaceIsACopy() {
    Face edge =
        faces.get(0).scaled(1, -faces.get(0).eyeCentreX(), 0); // eye midpoint on the left border
    Mat before = photo.clone();
    PasteBack.Pasted p = pasteBack.paste(photo, List.of(solid(edge, RED)));
    assertEquals(0, p.area().x);
    assertTrue(countWhere(fullWeight(p), Core.CMP_GT, 0) > 100);

    PasteBack.Pasted none = pasteBack.paste(photo, List.of());
    assertEquals(0, differing(before, none.image(), null));
  }

  /** Number of pixels (any channel) that differ, optionally only where {@code where} is set. */
  static int differing(Mat a, Mat b, Mat where) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Mat gray = new Mat();
    Core.transform(diff, gray, new Mat(1, 3, CvType.CV_32F, Scalar.all(1)));
    if (where != null) {
      Mat masked = Mat.zeros(gray.size(), gray.type());
      gray.copyTo(masked, where);
      gray = masked;
    }
    return Core.countNonZero(gray);
  }
}
