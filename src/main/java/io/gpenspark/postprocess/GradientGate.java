package io.gpenspark.postprocess;

/**
 * How much of the boost a pixel gets from its local gradient strength (grey levels per pixel): none
 * up to {@code credible} (flat skin, noise), ramping in to full at {@code weak} (fine but real
 * structure), fading out to none at {@code strong} and above (already sharp: glints, teeth edges,
 * where more contrast would overshoot).
 */
public record GradientGate(double credible, double weak, double strong) {
  public GradientGate {
    if (!(credible >= 0 && credible < weak && weak < strong)) {
      throw new IllegalArgumentException(
          "gradients must satisfy 0 <= credible < weak < strong, got "
              + credible
              + ", "
              + weak
              + ", "
              + strong);
    }
  }

  public double gain(double gradient) {
    if (gradient <= credible || gradient >= strong) {
      return 0;
    }
    if (gradient < weak) {
      return (gradient - credible) / (weak - credible);
    }
    return (strong - gradient) / (strong - weak);
  }
}
