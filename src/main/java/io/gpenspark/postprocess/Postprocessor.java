package io.gpenspark.postprocess;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The output postprocess: high-frequency boost of the faces, then the breathing-room blend.
 * Immutable; safe to share between task threads.
 */
public final class Postprocessor {
  private final HighFrequencyBoost boost;
  private final BreathingBlend blend;

  /** Either part may be null, which switches it off. */
  public Postprocessor(HighFrequencyBoost boost, BreathingBlend blend) {
    this.boost = boost;
    this.blend = blend;
  }

  /** Builds from postprocess.*; only the keys of enabled parts are read. */
  public static Postprocessor from(ConfigReader cfg) {
    boolean on = cfg.bool("postprocess.enabled");
    return new Postprocessor(
        on && cfg.bool("postprocess.high-frequency.enabled") ? HighFrequencyBoost.from(cfg) : null,
        on && cfg.bool("postprocess.blend.enabled") ? BreathingBlend.from(cfg) : null);
  }

  /**
   * {@code faces} are in the coordinates of {@code bgr}; returns a new Mat, {@code bgr} is left as
   * it is.
   */
  public Mat apply(Mat bgr, List<Face> faces) {
    Mat boosted = boost == null ? bgr : boost.apply(bgr, faces);
    if (blend == null) {
      return boosted == bgr ? bgr.clone() : boosted;
    }
    try {
      return blend.apply(boosted);
    } finally {
      if (boosted != bgr) {
        boosted.release();
      }
    }
  }
}
