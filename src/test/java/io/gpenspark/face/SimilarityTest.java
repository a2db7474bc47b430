package io.gpenspark.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimilarityTest {
  private static final double[] TEMPLATE = AlignmentTemplate.gpen(512).points();

  private static double[] map(Similarity s, double[] points) {
    double[] out = new double[points.length];
    for (int i = 0; i < points.length; i += 2) {
      out[i] = s.mapX(points[i], points[i + 1]);
      out[i + 1] = s.mapY(points[i], points[i + 1]);
    }
    return out;
  }

  @Test
  void anExactSimilarityIsRecovered() {
    double theta = -0.61, scale = 0.37;
    Similarity truth =
        new Similarity(scale * Math.cos(theta), scale * Math.sin(theta), 812.25, -40.5);
    Similarity fitted = Similarity.fit(TEMPLATE, map(truth, TEMPLATE));
    assertEquals(truth.a(), fitted.a(), 1e-9);
    assertEquals(truth.b(), fitted.b(), 1e-9);
    assertEquals(truth.tx(), fitted.tx(), 1e-9);
    assertEquals(truth.ty(), fitted.ty(), 1e-9);
  }

  @Test
  void noisyPointsGiveUmeyamasLeastSquaresSolution() {
    // Reference: GPEN's align_faces._umeyama (numpy, estimate_scale=True) on these points.
    double[] landmarks = {120.3, 200.1, 180.7, 195.4, 150.2, 240.9, 128.8, 275.3, 176.1, 272.0};
    Similarity s = Similarity.fit(landmarks, TEMPLATE);
    assertEquals(1.687320534447, s.a(), 1e-9);
    assertEquals(0.06397854051233, s.b(), 1e-9);
    assertEquals(16.06939432853, s.tx(), 1e-7);
    assertEquals(-104.6715744178, s.ty(), 1e-7);
  }

  @Test
  void inverseUndoesTheTransform() {
    Similarity s = new Similarity(1.2, -0.4, 33, 7);
    Similarity back = s.inverse();
    double x = 17.5, y = -250;
    assertEquals(x, back.mapX(s.mapX(x, y), s.mapY(x, y)), 1e-9);
    assertEquals(y, back.mapY(s.mapX(x, y), s.mapY(x, y)), 1e-9);
    assertEquals(1 / s.scale(), back.scale(), 1e-12);
  }

  @Test
  void coincidentPointsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Similarity.fit(new double[10], TEMPLATE));
  }
}
