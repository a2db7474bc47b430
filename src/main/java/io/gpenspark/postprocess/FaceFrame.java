package io.gpenspark.postprocess;

import io.gpenspark.face.Face;

/**
 * A face's own axes: u along the eye line (image left eye to right eye), v perpendicular to it
 * pointing down the face, and the eye distance as the unit, so regions follow head roll and size.
 */
record FaceFrame(Face face, double ux, double uy, double unit) {
  static FaceFrame of(Face face) {
    double dx = face.landmarkX(1) - face.landmarkX(0);
    double dy = face.landmarkY(1) - face.landmarkY(0);
    double d = Math.hypot(dx, dy);
    if (!(d > 0)) {
      return new FaceFrame(face, 1, 0, 0);
    }
    return new FaceFrame(face, dx / d, dy / d, d);
  }

  /**
   * An ellipse centred {@code along} and {@code down} eye distances from (x, y) in the face's axes,
   * with semi-axes {@code halfWidth} (along the eye line) and {@code halfHeight}, in eye distances.
   */
  SoftEllipse ellipse(
      double x, double y, double along, double down, double halfWidth, double halfHeight) {
    double vx = -uy;
    double vy = ux;
    return new SoftEllipse(
        x + unit * (along * ux + down * vx),
        y + unit * (along * uy + down * vy),
        unit * halfWidth,
        unit * halfHeight,
        Math.atan2(uy, ux));
  }
}
