package io.gpenspark.face;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation; no reflection): {@code x' = a·x
 * − b·y + tx}, {@code y' = b·x + a·y + ty}, i.e. {@code a = s·cos θ}, {@code b = s·sin θ}.
 */
public record Similarity(double a, double b, double tx, double ty) {

  /**
   * The least-squares similarity taking the points {@code from} onto {@code to} (both x0, y0, x1,
   * y1, ...). With four free parameters the problem is linear and its solution is the one Umeyama's
   * method gives when reflections are excluded.
   */
  public static Similarity fit(double[] from, double[] to) {
    if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
      throw new IllegalArgumentException("need two equally long lists of at least 2 points");
    }
    int n = from.length / 2;
    double fx = 0, fy = 0, tx = 0, ty = 0;
    for (int i = 0; i < n; i++) {
      fx += from[2 * i];
      fy += from[2 * i + 1];
      tx += to[2 * i];
      ty += to[2 * i + 1];
    }
    fx /= n;
    fy /= n;
    tx /= n;
    ty /= n;
    double spread = 0, dot = 0, cross = 0;
    for (int i = 0; i < n; i++) {
      double px = from[2 * i] - fx, py = from[2 * i + 1] - fy;
      double qx = to[2 * i] - tx, qy = to[2 * i + 1] - ty;
      spread += px * px + py * py;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
    }
    if (!(spread > 0)) {
      throw new IllegalArgumentException("the source points coincide: no transform fits them");
    }
    double a = dot / spread, b = cross / spread;
    return new Similarity(a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
  }

  public double scale() {
    return Math.hypot(a, b);
  }

  public double mapX(double x, double y) {
    return a * x - b * y + tx;
  }

  public double mapY(double x, double y) {
    return b * x + a * y + ty;
  }

  /** The exact inverse, so a pixel that goes out through this transform comes back to its place. */
  public Similarity inverse() {
    double s2 = a * a + b * b;
    double ia = a / s2, ib = -b / s2;
    return new Similarity(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  /** This transform followed by a shift of (dx, dy). */
  public Similarity shifted(double dx, double dy) {
    return new Similarity(a, b, tx + dx, ty + dy);
  }

  /** The 2×3 matrix (CV_64F) that Imgproc.warpAffine takes. */
  public Mat toAffine() {
    Mat m = new Mat(2, 3, CvType.CV_64F);
    m.put(0, 0, a, -b, tx, b, a, ty);
    return m;
  }
}
