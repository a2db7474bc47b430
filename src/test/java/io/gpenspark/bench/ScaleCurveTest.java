package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleCurveTest {
  @Test
  void marginalCostIsTheTimeAboveTheBaselinePerExtraInput() {
    // 100 inputs in 10 s, 10,100 in 12 s: 2 s for 10,000 more inputs = 0.2 ms each
    assertEquals(0.2, ScaleCurve.marginalMs(100, 10, 10_100, 12), 1e-12);
    assertTrue(Double.isNaN(ScaleCurve.marginalMs(100, 10, 100, 12)), "N equal to the baseline");
    assertTrue(Double.isNaN(ScaleCurve.marginalMs(100, Double.NaN, 1000, 12)), "missing time");
  }

  @Test
  void exponentIsOneForLinearTwoForQuadraticCost() {
    long n0 = 100;
    double t0 = 5;
    // cost above the baseline c = a m (linear) and c = a m^2 (quadratic), m = N - n0
    assertEquals(1, ScaleCurve.exponent(n0, t0, 10_100, t0 + 1, 50_100, t0 + 5), 1e-12);
    assertEquals(2, ScaleCurve.exponent(n0, t0, 10_100, t0 + 1, 50_100, t0 + 25), 1e-12);
    assertEquals(0.5, ScaleCurve.exponent(n0, t0, 10_100, t0 + 1, 40_100, t0 + 2), 1e-12);
    // no cost above the baseline at the smaller size (noise): unknown, not infinite
    assertTrue(Double.isNaN(ScaleCurve.exponent(n0, t0, 10_100, t0 - 0.1, 50_100, t0 + 5)));
  }

  @Test
  void shapeJudgesTheGrowthFromTheSmallestToTheLargestSize() {
    List<Long> ns = List.of(10_100L, 50_100L, 200_100L);
    // linear overall (20x the inputs, 20x the cost) despite a noisy middle size
    assertEquals(
        "linear or better (exponent 1.00 from 10100 to 200100)",
        ScaleCurve.shape(100, 5, ns, List.of(6.0, 12.0, 25.0)));
    // quadratic: 20x the inputs, 400x the cost
    assertEquals(
        "worse than linear (exponent 2.00 from 10100 to 200100)",
        ScaleCurve.shape(100, 5, ns, List.of(6.0, 30.0, 405.0)));
    assertTrue(ScaleCurve.shape(100, 5, ns, List.of(4.0, 6.0, 9.0)).startsWith("not known"));
    assertTrue(ScaleCurve.shape(100, 5, List.of(10_100L), List.of(6.0)).startsWith("not known"));
    List<Double> e = ScaleCurve.exponents(100, 5, List.of(10_100L, 50_100L), List.of(6.0, 10.0));
    assertEquals(1, e.size());
    assertEquals(1, e.get(0), 1e-12);
  }
}
