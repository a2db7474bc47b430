package io.gpenspark.metrics;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * BasicSR's _ssim transcribed line by line into OpenCV calls (the 2-D window, filter2D over the
 * whole plane, crop [5:-5, 5:-5], mean per channel): the oracle for {@link Ssim}, which computes
 * the same thing another way.
 */
final class SsimOracle {
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);

  private SsimOracle() {}

  static double between(Mat a, Mat b) {
    Mat kernel = Imgproc.getGaussianKernel(11, 1.5, CvType.CV_64F);
    Mat window = new Mat();
    Core.gemm(kernel, kernel.t(), 1, new Mat(), 0, window); // np.outer(kernel, kernel.transpose())
    double sum = 0;
    for (int c = 0; c < a.channels(); c++) {
      Mat img1 = new Mat();
      Mat img2 = new Mat();
      Core.extractChannel(a, img1, c);
      Core.extractChannel(b, img2, c);
      Mat mu1 = valid(img1, window);
      Mat mu2 = valid(img2, window);
      Mat mu1Sq = mu1.mul(mu1);
      Mat mu2Sq = mu2.mul(mu2);
      Mat mu1Mu2 = mu1.mul(mu2);
      Mat sigma1Sq = minus(valid(img1.mul(img1), window), mu1Sq);
      Mat sigma2Sq = minus(valid(img2.mul(img2), window), mu2Sq);
      Mat sigma12 = minus(valid(img1.mul(img2), window), mu1Mu2);
      Mat numerator = affine(mu1Mu2, 2, C1).mul(affine(sigma12, 2, C2));
      Mat denominator = plus(mu1Sq, mu2Sq, C1).mul(plus(sigma1Sq, sigma2Sq, C2));
      Mat map = new Mat();
      Core.divide(numerator, denominator, map);
      sum += Core.mean(map).val[0];
    }
    return sum / a.channels();
  }

  /** cv2.filter2D(img, -1, window)[5:-5, 5:-5] */
  private static Mat valid(Mat img, Mat window) {
    Mat filtered = new Mat();
    Imgproc.filter2D(img, filtered, -1, window);
    return filtered.submat(new Rect(5, 5, img.cols() - 10, img.rows() - 10));
  }

  private static Mat minus(Mat a, Mat b) {
    Mat out = new Mat();
    Core.subtract(a, b, out);
    return out;
  }

  /** a + b + constant */
  private static Mat plus(Mat a, Mat b, double constant) {
    Mat out = new Mat();
    Core.add(a, b, out);
    Core.add(out, new Scalar(constant), out);
    return out;
  }

  /** scale * a + constant */
  private static Mat affine(Mat a, double scale, double constant) {
    Mat out = new Mat();
    a.convertTo(out, -1, scale, constant);
    return out;
  }
}
