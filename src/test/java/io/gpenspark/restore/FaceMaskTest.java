package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.face.AlignmentTemplate;
import io.gpenspark.imageio.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class FaceMaskTest {

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  @ParameterizedTest
  @CsvSource({
    "gpen, 512, 0.1",
    "ffhq, 512, 0.1",
    "gpen, 64, 0.1",
    "gpen, 256, 0.15",
    "ffhq, 256, 0"
  })
  void fullOnTheFaceZeroOnTheCropBorderSoftInBetween(String name, int size, double feather) {
    AlignmentTemplate t = AlignmentTemplate.named(name, size);
    Mat mask = FaceMask.build(t, feather);
    assertEquals(size, mask.rows());
    assertEquals(size, mask.cols());
    Core.MinMaxLocResult range = Core.minMaxLoc(mask);
    assertEquals(0, range.minVal, 0);
    assertEquals(1, range.maxVal, 1e-6);
    for (int i = 0; i < 5; i++) {
      assertEquals(1, mask.get((int) t.y(i), (int) t.x(i))[0], 1e-4, "weight at landmark " + i);
    }
    for (int k = 0; k < size; k++) {
      assertEquals(0, mask.get(0, k)[0], 0);
      assertEquals(0, mask.get(size - 1, k)[0], 0);
      assertEquals(0, mask.get(k, 0)[0], 0);
      assertEquals(0, mask.get(k, size - 1)[0], 0);
    }
    mask.release();
  }

  @ParameterizedTest
  @CsvSource({"0.05", "0.1", "0.15"})
  void theSoftEdgeIsAsWideAsTheFeather(double feather) {
    int size = 512;
    AlignmentTemplate t = AlignmentTemplate.gpen(size);
    Mat mask = FaceMask.build(t, feather);
    // Up the column through the nose from the bottom border (the chin end of the face): 0 … ramp …
    // 1.
    int col = (int) t.x(2);
    int firstAboveZero = -1, firstOne = -1;
    for (int y = size - 1; y > size / 2; y--) {
      double w = mask.get(y, col)[0];
      if (firstAboveZero < 0 && w > 0) {
        firstAboveZero = y;
      }
      if (firstOne < 0 && w >= 1 - 1e-6) {
        firstOne = y;
      }
    }
    double ramp = firstAboveZero - firstOne;
    // The ellipse curves away from the column, so the last bit of the ramp is a little longer.
    assertTrue(
        Math.abs(ramp - feather * size) <= 2 + 0.1 * feather * size,
        "ramp " + ramp + " px for feather " + feather * size);
    mask.release();
  }
}
