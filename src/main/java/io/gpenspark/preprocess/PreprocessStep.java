package io.gpenspark.preprocess;

import org.opencv.core.Mat;

/**
 * One step of the standardised preprocess: BGR 8-bit in, a new BGR 8-bit Mat out; the input is left
 * as it is.
 */
@FunctionalInterface
public interface PreprocessStep {
  /**
   * Largest side a step may be configured to produce: keeps a typo from asking for an image that
   * cannot fit in memory.
   */
  int MAX_SIDE = 16384;

  Mat apply(Mat bgr);
}
