package io.gpenspark.face;

import io.gpenspark.config.ConfigReader;
import java.io.Serializable;

/** The detect.* keys. */
public record DetectorSettings(
    String model, double scoreThreshold, double nmsThreshold, int topK, int maxInputSize)
    implements Serializable {

  public static DetectorSettings from(ConfigReader cfg) {
    return new DetectorSettings(
        cfg.string("detect.model"),
        cfg.doubleIn("detect.score-threshold", 0, 1),
        cfg.doubleIn("detect.nms-threshold", 0, 1),
        cfg.intAtLeast("detect.top-k", 1),
        cfg.intAtLeast("detect.max-input-size", 64));
  }
}
