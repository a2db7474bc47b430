package io.gpenspark.restore;

import io.gpenspark.config.ConfigReader;
import java.io.Serializable;
import java.util.Locale;

/**
 * The restore.* keys, plus output.save-faces (whether the face crops come back with each image).
 */
public record RestoreSettings(
    boolean enabled,
    int batchSize,
    int batchImages,
    double alpha,
    boolean aligned,
    String template,
    int minFaceSize,
    int maxFaces,
    boolean onlyCentreFace,
    double maskFeather,
    OutputRounding rounding,
    boolean saveFaces)
    implements Serializable {

  /** How the model's output becomes 8-bit: GPEN's demo truncates ({@code astype(uint8)}). */
  public enum OutputRounding {
    ROUND,
    TRUNCATE
  }

  public static RestoreSettings from(ConfigReader cfg) {
    return new RestoreSettings(
        cfg.bool("restore.enabled"),
        cfg.intIn("restore.batch-size", 1, 256),
        // consecutive images of a task whose faces share forward passes
        cfg.intIn("restore.batch-images", 1, 32),
        cfg.doubleIn("restore.alpha", 0, 1),
        cfg.bool("restore.aligned"),
        cfg.oneOf("restore.template", "gpen", "ffhq"),
        cfg.intAtLeast("restore.min-face-size", 0),
        cfg.intAtLeast("restore.max-faces", 1),
        cfg.bool("restore.only-centre-face"),
        // The soft edge lies inside the face ellipse; any wider and it would reach the eyes.
        cfg.doubleIn("restore.mask-feather", 0, 0.15),
        OutputRounding.valueOf(
            cfg.oneOf("restore.output-rounding", "round", "truncate").toUpperCase(Locale.ROOT)),
        cfg.bool("output.save-faces"));
  }

  /** restore.aligned with restoration on: inputs are aligned face crops, so nothing is detected. */
  public boolean alignedInput() {
    return enabled && aligned;
  }
}
