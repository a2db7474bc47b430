package io.gpenspark.testing;

/** Largest and mean absolute difference between two equally long arrays. */
public record Difference(double max, double mean) {
  public static Difference between(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new AssertionError(expected.length + " expected values, got " + actual.length);
    }
    double max = 0;
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      max = Math.max(max, d);
      sum += d;
    }
    return new Difference(max, sum / actual.length);
  }

  @Override
  public String toString() {
    return String.format("max |d| %.3g, mean |d| %.3g", max, mean);
  }
}
