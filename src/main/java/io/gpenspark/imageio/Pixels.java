package io.gpenspark.imageio;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Conversions between what a scan stores (grey or colour, 8 or 16 bits a sample) and what the face
 * steps work on (BGR, 8 bits). Every method returns a new Mat and leaves its inputs as they are.
 */
public final class Pixels {
  /** 16-bit full scale over 8-bit full scale: 65535 / 255. */
  private static final double SIXTEEN_PER_EIGHT = 257.0;

  private Pixels() {}

  /** Three channels at the same depth: a grey scan's one channel repeated. */
  public static Mat bgr(Mat decoded) {
    Mat out = new Mat();
    if (decoded.channels() == 1) {
      Imgproc.cvtColor(decoded, out, Imgproc.COLOR_GRAY2BGR);
    } else {
      decoded.copyTo(out);
    }
    return out;
  }

  /** 8 bits a sample, rounded (a 16-bit sample s becomes round(s / 257)). */
  public static Mat eightBit(Mat m) {
    Mat out = new Mat();
    if (m.depth() == CvType.CV_16U) {
      m.convertTo(out, CvType.CV_8U, 1 / SIXTEEN_PER_EIGHT);
    } else {
      m.copyTo(out);
    }
    return out;
  }

  /**
   * The 16-bit {@code base} with the changes that the 8-bit steps made ({@code after8 − before8},
   * before8 being {@code base} at 8 bits) lifted to 16 bits: a pixel the steps left alone keeps its
   * exact 16-bit value, so nothing outside the restored faces is quantised to 8 bits.
   */
  public static Mat lift(Mat base, Mat before8, Mat after8) {
    Mat delta = new Mat();
    Mat sum = new Mat();
    Mat out = new Mat();
    try {
      Core.subtract(after8, before8, delta, new Mat(), CvType.CV_32F);
      base.convertTo(sum, CvType.CV_32F);
      Core.scaleAdd(delta, SIXTEEN_PER_EIGHT, sum, sum);
      sum.convertTo(out, CvType.CV_16U); // saturates to 0…65535
      return out;
    } finally {
      delta.release();
      sum.release();
    }
  }

  /** One channel from BGR (BT.601 luma, as OpenCV's grey conversion), at the same depth. */
  public static Mat grey(Mat bgr) {
    Mat out = new Mat();
    Imgproc.cvtColor(bgr, out, Imgproc.COLOR_BGR2GRAY);
    return out;
  }
}
