package io.gpenspark.evaluate;

import java.io.Serializable;
import java.util.Locale;

/**
 * The ranges of the synthetic degradation, each drawn uniformly per image. Defaults are GFPGAN's
 * training options (options/train_gfpgan_v1.yml): blur kernel size 41, iso/aniso Gaussian kernels
 * with probability 0.5 each, blur σ 0.1–10, downsample 0.8–8, noise σ 0–20 (of 255), JPEG quality
 * 60–100. GFPGAN's colour jitter and greyscale options are not applied.
 */
public record DegradationSettings(
    Range blurSigma,
    Range downsample,
    Range noiseSigma,
    int jpegMin,
    int jpegMax,
    int kernelSize,
    double anisoProbability)
    implements Serializable {

  /** [lo, hi] drawn uniformly. */
  public record Range(double lo, double hi) implements Serializable {
    public Range {
      if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
        throw new IllegalArgumentException("range needs lo <= hi, got " + lo + ":" + hi);
      }
    }

    /** "lo:hi" or a single value. */
    public static Range parse(String s) {
      String[] p = s.split(":", -1);
      try {
        return p.length == 1
            ? new Range(Double.parseDouble(p[0].trim()), Double.parseDouble(p[0].trim()))
            : p.length == 2
                ? new Range(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()))
                : null;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("range must be lo:hi, got '" + s + "'");
      }
    }

    public boolean contains(double v) {
      return v >= lo && v <= hi;
    }

    double draw(java.util.Random r) {
      return lo == hi ? lo : lo + (hi - lo) * r.nextDouble();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s:%s", lo, hi);
    }
  }

  public DegradationSettings {
    if (blurSigma.lo() <= 0) {
      throw new IllegalArgumentException("blur sigma must be > 0, got " + blurSigma);
    }
    if (downsample.lo() < 0.1) {
      throw new IllegalArgumentException("downsample factor must be >= 0.1, got " + downsample);
    }
    if (noiseSigma.lo() < 0) {
      throw new IllegalArgumentException("noise sigma must be >= 0, got " + noiseSigma);
    }
    if (jpegMin < 1 || jpegMax > 100 || jpegMin > jpegMax) {
      throw new IllegalArgumentException(
          "JPEG quality must be within 1:100, got " + jpegMin + ":" + jpegMax);
    }
    if (kernelSize < 3 || kernelSize % 2 == 0 || kernelSize > 201) {
      throw new IllegalArgumentException("kernel size must be odd, 3..201, got " + kernelSize);
    }
    if (!(anisoProbability >= 0 && anisoProbability <= 1)) {
      throw new IllegalArgumentException(
          "aniso probability must be within 0..1, got " + anisoProbability);
    }
  }

  public static DegradationSettings gfpgan() {
    return new DegradationSettings(
        new Range(0.1, 10), new Range(0.8, 8), new Range(0, 20), 60, 100, 41, 0.5);
  }
}
