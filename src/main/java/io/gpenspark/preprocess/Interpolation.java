package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import java.util.Locale;
import org.opencv.imgproc.Imgproc;

/** The resampling filters a resize can be configured with, by their config names. */
public enum Interpolation {
  LANCZOS4(Imgproc.INTER_LANCZOS4),
  CUBIC(Imgproc.INTER_CUBIC),
  LINEAR(Imgproc.INTER_LINEAR),
  AREA(Imgproc.INTER_AREA);

  private final int openCvFlag;

  Interpolation(int openCvFlag) {
    this.openCvFlag = openCvFlag;
  }

  public int openCvFlag() {
    return openCvFlag;
  }

  public static Interpolation from(ConfigReader cfg, String key) {
    return valueOf(cfg.oneOf(key, "lanczos4", "cubic", "linear", "area").toUpperCase(Locale.ROOT));
  }
}
