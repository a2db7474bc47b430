package io.gpenspark.metrics;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * What BasicSR measures: the image as float64 after cropping {@code cropBorder} pixels from each
 * edge, either B, G, R or BT.601 luma Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255, unrounded.
 */
record MeasuredPlanes(int cropBorder, boolean yChannel) {
  MeasuredPlanes {
    if (cropBorder < 0) {
      throw new IllegalArgumentException("crop border must be at least 0, got " + cropBorder);
    }
  }

  /** A new CV_64FC3 (B, G, R) or CV_64FC1 (Y) Mat. */
  Mat of(Mat bgr) {
    if (bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "metrics take 8-bit BGR images, got " + CvType.typeToString(bgr.type()));
    }
    int width = bgr.cols() - 2 * cropBorder;
    int height = bgr.rows() - 2 * cropBorder;
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "a "
              + bgr.cols()
              + "x"
              + bgr.rows()
              + " image has nothing left after cropping "
              + cropBorder
              + " px");
    }
    Mat view = bgr.submat(new Rect(cropBorder, cropBorder, width, height));
    Mat planes = new Mat();
    view.convertTo(planes, CvType.CV_64F);
    view.release();
    if (!yChannel) {
      return planes;
    }
    Mat weights = new Mat(1, 3, CvType.CV_64F);
    weights.put(0, 0, 24.966 / 255, 128.553 / 255, 65.481 / 255);
    Mat luma = new Mat();
    Core.transform(planes, luma, weights);
    Core.add(luma, new Scalar(16), luma);
    weights.release();
    planes.release();
    return luma;
  }
}
