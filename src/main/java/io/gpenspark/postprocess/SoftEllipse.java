package io.gpenspark.postprocess;

import org.opencv.core.Rect;

/**
 * An ellipse with a soft edge: weight 1 inside half its radius, falling smoothly to 0 at its
 * outline. Centre and semi-axes in pixels; {@code angle} (radians) turns the first axis.
 */
record SoftEllipse(double cx, double cy, double semiAxisU, double semiAxisV, double angle) {
  /** Share of the radius that gets the full weight. */
  static final double CORE = 0.5;

  double weight(double x, double y) {
    double dx = x - cx;
    double dy = y - cy;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double along = (dx * cos + dy * sin) / semiAxisU;
    double across = (-dx * sin + dy * cos) / semiAxisV;
    double r = Math.sqrt(along * along + across * across);
    if (r >= 1) {
      return 0;
    }
    if (r <= CORE) {
      return 1;
    }
    double t = (1 - r) / (1 - CORE);
    return t * t * (3 - 2 * t);
  }

  /** The pixels the ellipse can touch (may reach outside the image). */
  Rect bounds() {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double halfW = Math.hypot(semiAxisU * cos, semiAxisV * sin);
    double halfH = Math.hypot(semiAxisU * sin, semiAxisV * cos);
    int x0 = (int) Math.floor(cx - halfW);
    int y0 = (int) Math.floor(cy - halfH);
    return new Rect(
        x0, y0, (int) Math.ceil(cx + halfW) - x0 + 1, (int) Math.ceil(cy + halfH) - y0 + 1);
  }
}
