package io.gpenspark.metrics;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/** Peak signal-to-noise ratio as BasicSR's calculate_psnr: 10 log10(255^2 / MSE) in float64; +infinity when identical. */
public final class Psnr {
  private final MeasuredPlanes planes;

  public Psnr(int cropBorder, boolean yChannel) {
    this.planes = new MeasuredPlanes(cropBorder, yChannel);
  }

  /** PSNR in dB between two 8-bit BGR images of the same size. */
  public double measure(Mat output, Mat reference) {
    MeasuredPlanes.requireSameSize(output, reference);
    Mat a = planes.of(output);
    Mat b = planes.of(reference);
    try {
      return between(a, b);
    } finally {
      a.release();
      b.release();
    }
  }

  /** PSNR of two prepared float64 images. */
  static double between(Mat a, Mat b) {
    double mse = Core.norm(a, b, Core.NORM_L2SQR) / ((double) a.total() * a.channels());
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
