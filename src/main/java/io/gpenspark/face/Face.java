package io.gpenspark.face;

import java.io.Serializable;

/**
 * One detected face in image pixel coordinates: box, five landmarks and score.
 *
 * <p>Landmarks are in YuNet's order, which is also the order of GPEN's alignment template: the eye
 * on the image's left (the subject's right eye), the eye on the image's right, nose tip, left mouth
 * corner (image), right mouth corner (image); stored as x0, y0, x1, y1, ...
 */
public record Face(
    double x, double y, double width, double height, double[] landmarks, double score)
    implements Serializable {

  public static final int LANDMARKS = 5;

  public Face {
    if (landmarks.length != 2 * LANDMARKS) {
      throw new IllegalArgumentException(
          "a face has 5 landmarks (10 numbers), got " + landmarks.length);
    }
    landmarks = landmarks.clone();
  }

  public double landmarkX(int i) {
    return landmarks[2 * i];
  }

  public double landmarkY(int i) {
    return landmarks[2 * i + 1];
  }

  /** Midpoint between the two eyes. */
  public double eyeCentreX() {
    return (landmarkX(0) + landmarkX(1)) / 2;
  }

  public double eyeCentreY() {
    return (landmarkY(0) + landmarkY(1)) / 2;
  }

  /** Distance between the eyes: the natural scale of a face. */
  public double eyeDistance() {
    return Math.hypot(landmarkX(1) - landmarkX(0), landmarkY(1) - landmarkY(0));
  }

  /** Distance from the eye midpoint to the mouth midpoint. */
  public double eyeToMouth() {
    double mx = (landmarkX(3) + landmarkX(4)) / 2;
    double my = (landmarkY(3) + landmarkY(4)) / 2;
    return Math.hypot(mx - eyeCentreX(), my - eyeCentreY());
  }

  /** The same face in an image scaled by {@code s} and then shifted by (dx, dy). */
  public Face scaled(double s, double dx, double dy) {
    double[] l = new double[landmarks.length];
    for (int i = 0; i < l.length; i += 2) {
      l[i] = landmarks[i] * s + dx;
      l[i + 1] = landmarks[i + 1] * s + dy;
    }
    return new Face(x * s + dx, y * s + dy, width * s, height * s, l, score);
  }

  @Override
  public double[] landmarks() {
    return landmarks.clone();
  }
}
