package io.gpenspark.metrics;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Peak signal-to-noise ratio as BasicSR's calculate_psnr: 10 log10(255^2 / MSE) in float64;
 * +infinity when identical.
 */
public final class Psnr {
  private Psnr() {}

  /** PSNR of two prepared float64 images. */
  static double between(Mat a, Mat b) {
    double mse = Core.norm(a, b, Core.NORM_L2SQR) / ((double) a.total() * a.channels());
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
