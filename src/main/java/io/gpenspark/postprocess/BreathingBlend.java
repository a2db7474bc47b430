package io.gpenspark.postprocess;

import io.gpenspark.config.ConfigReader;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * "Breathing room": softens over-crisp edges with {@code weight * image + (1 - weight) *
 * GaussianBlur(image, sigma)}, the kernel size chosen by OpenCV for that sigma (3x3 for 0.3). The
 * same two calls as cv2.GaussianBlur(img, (0, 0), sigma) and cv2.addWeighted in Python.
 */
public final class BreathingBlend {
  private final double sigma;
  private final double weight;

  public BreathingBlend(double sigma, double weight) {
    if (!(sigma > 0) || Double.isInfinite(sigma) || !(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException(
          "need sigma > 0 and 0 <= weight <= 1, got " + sigma + ", " + weight);
    }
    this.sigma = sigma;
    this.weight = weight;
  }

  /** Reads postprocess.blend.sigma and postprocess.blend.weight. */
  public static BreathingBlend from(ConfigReader cfg) {
    return new BreathingBlend(
        cfg.positiveDouble("postprocess.blend.sigma"),
        cfg.doubleIn("postprocess.blend.weight", 0, 1));
  }

  public Mat apply(Mat bgr) {
    Mat blurred = new Mat();
    Mat out = new Mat();
    Imgproc.GaussianBlur(bgr, blurred, new Size(0, 0), sigma);
    Core.addWeighted(bgr, weight, blurred, 1 - weight, 0, out);
    blurred.release();
    return out;
  }
}
