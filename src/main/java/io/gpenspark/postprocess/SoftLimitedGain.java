package io.gpenspark.postprocess;

/**
 * The detail added at full boost: {@code limit * tanh(amount * detail / limit)}. Linear ({@code
 * amount * detail}) for small detail, never more than {@code limit} grey levels, so a stray strong
 * detail cannot ring.
 */
public record SoftLimitedGain(double amount, double limit) {
  public SoftLimitedGain {
    if (!(amount >= 0) || Double.isInfinite(amount) || !(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException(
          "need amount >= 0 and limit > 0, got " + amount + ", " + limit);
    }
  }

  public double added(double detail) {
    return limit * Math.tanh(amount * detail / limit);
  }
}
