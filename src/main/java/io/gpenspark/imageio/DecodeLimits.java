package io.gpenspark.imageio;

import io.gpenspark.config.ConfigReader;
import java.io.Serializable;
import org.opencv.core.Mat;

/** What an input may be before it is decoded: input.max-pixels and input.min-size. */
public record DecodeLimits(long maxPixels, int minSize) implements Serializable {

  public static DecodeLimits from(ConfigReader cfg) {
    return new DecodeLimits(
        cfg.longAtLeast("input.max-pixels", 1), cfg.intAtLeast("input.min-size", 1));
  }

  /** {@link ImageDecoder#decode(byte[], long, int)} within these limits. */
  public Mat decode(byte[] bytes) {
    return ImageDecoder.decode(bytes, maxPixels, minSize);
  }
}
