package io.gpenspark.pipeline;

import io.gpenspark.config.ConfigReader;
import java.util.Locale;

/**
 * output.resolution: the size a restored photo is written at. Faces are always found on the
 * standardised working image; the output is a second image at this size, on which the faces are
 * aligned, restored, pasted back and postprocessed.
 */
public enum OutputResolution {
  /**
   * Short edge max(input's, the standard short edge): scans are never downscaled, small photos are
   * upscaled.
   */
  MAX,
  /** The input's own size. */
  INPUT,
  /**
   * The standardised working image (short edge preprocess.resize.short-edge), as evaluations
   * compare.
   */
  STANDARD;

  public static OutputResolution from(ConfigReader cfg) {
    return valueOf(
        cfg.oneOf("output.resolution", "max", "input", "standard").toUpperCase(Locale.ROOT));
  }

  /**
   * The output's short edge for an input of {@code inputShort} whose working image has {@code
   * standardShort}.
   */
  int shortEdge(int inputShort, int standardShort) {
    return switch (this) {
      case MAX -> Math.max(inputShort, standardShort);
      case INPUT -> inputShort;
      case STANDARD -> standardShort;
    };
  }
}
