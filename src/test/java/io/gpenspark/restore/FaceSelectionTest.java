package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpenspark.face.Face;
import io.gpenspark.restore.RestoreSettings.OutputRounding;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceSelectionTest {

  /** An upright face with its eye midpoint at (cx, cy) and an eye-to-mouth span of {@code span}. */
  private static Face face(double cx, double cy, double span, double score) {
    double[] l = {
      cx - span / 2,
      cy,
      cx + span / 2,
      cy,
      cx,
      cy + span / 2,
      cx - span / 3,
      cy + span,
      cx + span / 3,
      cy + span
    };
    return new Face(cx - span, cy - span, 2 * span, 2.5 * span, l, score);
  }

  private static FaceSelection selection(int minFaceSize, int maxFaces, boolean onlyCentre) {
    return new FaceSelection(
        new RestoreSettings(
            true,
            4,
            1,
            1,
            false,
            "gpen",
            minFaceSize,
            maxFaces,
            onlyCentre,
            0.1,
            OutputRounding.ROUND,
            false));
  }

  private final Face small = face(100, 100, 12, 0.99);
  private final Face left = face(200, 300, 40, 0.85);
  private final Face centre = face(500, 380, 30, 0.81);
  private final Face right = face(850, 300, 50, 0.95);
  private final List<Face> all = List.of(small, left, centre, right);

  @Test
  void facesBelowTheMinimumEyeToMouthSpanAreLeftAlone() {
    assertEquals(List.of(right, left, centre), selection(16, 32, false).pick(all, 1000, 800));
    assertEquals(
        List.of(small, right, left, centre).size(),
        selection(12, 32, false).pick(all, 1000, 800).size());
    assertEquals(List.of(right), selection(45, 32, false).pick(all, 1000, 800));
  }

  @Test
  void atMostMaxFacesHighestScoresFirst() {
    assertEquals(List.of(small, right), selection(0, 2, false).pick(all, 1000, 800));
  }

  @Test
  void onlyCentreFaceKeepsTheEligibleFaceNearestTheCentre() {
    assertEquals(List.of(centre), selection(16, 32, true).pick(all, 1000, 800));
    // The face nearest the centre is too small: the next nearest eligible one is taken.
    assertEquals(List.of(left), selection(35, 32, true).pick(List.of(centre, left), 1000, 800));
    assertEquals(List.of(), selection(60, 32, true).pick(all, 1000, 800));
  }
}
