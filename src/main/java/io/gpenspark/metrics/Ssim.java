package io.gpenspark.metrics;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Structural similarity exactly as BasicSR's calculate_ssim / _ssim: an 11x11 Gaussian window
 * (sigma 1.5, the outer product of cv2.getGaussianKernel(11, 1.5)), filter2D in float64 keeping
 * only the valid region (5 px in from every edge), C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2, mean
 * over the map, then over the channels.
 */
public final class Ssim {
  private static final int WINDOW = 11;
  private static final int MARGIN = WINDOW / 2;
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);

  private Ssim() {}

  /** SSIM of two prepared float64 images: the mean of the per-channel SSIMs. */
  static double between(Mat a, Mat b) {
    if (a.rows() < WINDOW || a.cols() < WINDOW) {
      throw new IllegalArgumentException("SSIM needs at least " + WINDOW + "x" + WINDOW + " pixels, got "
          + a.cols() + "x" + a.rows());
    }
    Mat window = window();
    Mat planeA = new Mat();
    Mat planeB = new Mat();
    try {
      double sum = 0;
      for (int c = 0; c < a.channels(); c++) {
        Core.extractChannel(a, planeA, c);
        Core.extractChannel(b, planeB, c);
        sum += plane(planeA, planeB, window);
      }
      return sum / a.channels();
    } finally {
      window.release();
      planeA.release();
      planeB.release();
    }
  }

  private static double plane(Mat x, Mat y, Mat window) {
    List<Mat> temps = new ArrayList<>();
    try {
      Mat muX = validFiltered(x, window, temps);
      Mat muY = validFiltered(y, window, temps);
      Mat muXX = product(muX, muX, temps);
      Mat muYY = product(muY, muY, temps);
      Mat muXY = product(muX, muY, temps);
      Mat sigmaXX = minus(validFiltered(product(x, x, temps), window, temps), muXX, temps);
      Mat sigmaYY = minus(validFiltered(product(y, y, temps), window, temps), muYY, temps);
      Mat sigmaXY = minus(validFiltered(product(x, y, temps), window, temps), muXY, temps);

      Mat numerator = product(affine(muXY, 2, C1, temps), affine(sigmaXY, 2, C2, temps), temps);
      Mat denominator = product(plus(muXX, muYY, C1, temps), plus(sigmaXX, sigmaYY, C2, temps), temps);
      Mat map = track(new Mat(), temps);
      Core.divide(numerator, denominator, map);
      return Core.mean(map).val[0];
    } finally {
      temps.forEach(Mat::release);
    }
  }

  /** cv2.filter2D(img, -1, window)[5:-5, 5:-5] */
  private static Mat validFiltered(Mat image, Mat window, List<Mat> temps) {
    Mat filtered = track(new Mat(), temps);
    Imgproc.filter2D(image, filtered, -1, window);
    Rect valid = new Rect(MARGIN, MARGIN, image.cols() - 2 * MARGIN, image.rows() - 2 * MARGIN);
    return track(filtered.submat(valid), temps);
  }

  /** np.outer(k, k) of k = cv2.getGaussianKernel(11, 1.5). */
  private static Mat window() {
    Mat kernel = Imgproc.getGaussianKernel(WINDOW, 1.5, CvType.CV_64F);
    double[] k = new double[WINDOW];
    kernel.get(0, 0, k);
    kernel.release();
    double[] outer = new double[WINDOW * WINDOW];
    for (int i = 0; i < WINDOW; i++) {
      for (int j = 0; j < WINDOW; j++) {
        outer[i * WINDOW + j] = k[i] * k[j];
      }
    }
    Mat window = new Mat(WINDOW, WINDOW, CvType.CV_64F);
    window.put(0, 0, outer);
    return window;
  }

  private static Mat product(Mat a, Mat b, List<Mat> temps) {
    Mat out = track(new Mat(), temps);
    Core.multiply(a, b, out);
    return out;
  }

  private static Mat minus(Mat a, Mat b, List<Mat> temps) {
    Mat out = track(new Mat(), temps);
    Core.subtract(a, b, out);
    return out;
  }

  /** a + b + constant */
  private static Mat plus(Mat a, Mat b, double constant, List<Mat> temps) {
    Mat out = track(new Mat(), temps);
    Core.add(a, b, out);
    Core.add(out, new Scalar(constant), out);
    return out;
  }

  /** scale * a + constant */
  private static Mat affine(Mat a, double scale, double constant, List<Mat> temps) {
    Mat out = track(new Mat(), temps);
    a.convertTo(out, -1, scale, constant);
    return out;
  }

  private static Mat track(Mat m, List<Mat> temps) {
    temps.add(m);
    return m;
  }
}
