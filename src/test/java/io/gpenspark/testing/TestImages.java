package io.gpenspark.testing;

import io.gpenspark.imageio.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** Real photos from the shared test data as BGR 8-bit Mats, and pixel comparisons. */
public final class TestImages {
  private TestImages() {}

  /** A photo under testdata/faces, decoded to 3-channel BGR (alpha dropped). */
  public static Mat face(String relative) {
    OpenCv.load();
    Mat m = Imgcodecs.imread(SharedFiles.faces(relative).toString(), Imgcodecs.IMREAD_COLOR);
    if (m.empty()) {
      throw new IllegalStateException("cannot decode " + relative);
    }
    return m;
  }

  /** Largest absolute per-channel difference between two images of the same size and type. */
  public static double maxAbsDiff(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Mat flat = diff.reshape(1);
    double max = Core.minMaxLoc(flat).maxVal;
    diff.release();
    return max;
  }

  public static boolean identical(Mat a, Mat b) {
    return a.size().equals(b.size()) && a.type() == b.type() && maxAbsDiff(a, b) == 0;
  }

  /**
   * Whether two encoded images hold the same pixels (as stored: depth and channels kept). Outputs
   * of different runs differ in their provenance (the run id in XMP), never in their pixels.
   */
  public static boolean samePixels(byte[] a, byte[] b) {
    OpenCv.load();
    Mat x = Imgcodecs.imdecode(new MatOfByte(a), Imgcodecs.IMREAD_UNCHANGED);
    Mat y = Imgcodecs.imdecode(new MatOfByte(b), Imgcodecs.IMREAD_UNCHANGED);
    try {
      return !x.empty() && identical(x, y);
    } finally {
      x.release();
      y.release();
    }
  }

  /** A uniform BGR 8-bit image. */
  public static Mat filled(int width, int height, int b, int g, int r) {
    OpenCv.load();
    return new Mat(height, width, CvType.CV_8UC3, new Scalar(b, g, r));
  }
}
