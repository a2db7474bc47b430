package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Scales the image so that its short edge is exactly {@code shortEdge} pixels, aspect kept (the
 * long edge is rounded). Small images are upscaled too: GPEN behaves more predictably at a fixed
 * input scale.
 */
public final class ShortEdgeResize implements PreprocessStep {
  private final int shortEdge;
  private final Interpolation interpolation;

  public ShortEdgeResize(int shortEdge, Interpolation interpolation) {
    if (shortEdge < 1 || shortEdge > MAX_SIDE) {
      throw new IllegalArgumentException(
          "short edge must be 1.." + MAX_SIDE + ", got " + shortEdge);
    }
    this.shortEdge = shortEdge;
    this.interpolation = interpolation;
  }

  /** Reads preprocess.resize.short-edge and preprocess.resize.interpolation. */
  public static ShortEdgeResize from(ConfigReader cfg) {
    return new ShortEdgeResize(
        cfg.intIn("preprocess.resize.short-edge", 1, MAX_SIDE),
        Interpolation.from(cfg, "preprocess.resize.interpolation"));
  }

  public int shortEdge() {
    return shortEdge;
  }

  /** The same step aiming at another short edge. */
  public ShortEdgeResize withShortEdge(int edge) {
    return new ShortEdgeResize(edge, interpolation);
  }

  @Override
  public Mat apply(Mat bgr) {
    Size target = targetSize(bgr.cols(), bgr.rows(), shortEdge);
    if (target.width == bgr.cols() && target.height == bgr.rows()) {
      return bgr.clone();
    }
    Mat out = new Mat();
    Imgproc.resize(bgr, out, target, 0, 0, interpolation.openCvFlag());
    return out;
  }

  /**
   * The output size for a {@code width} x {@code height} image: short edge exact, long edge
   * rounded.
   */
  public static Size targetSize(int width, int height, int shortEdge) {
    if (width <= height) {
      return new Size(shortEdge, Math.max(1, Math.round((double) height * shortEdge / width)));
    }
    return new Size(Math.max(1, Math.round((double) width * shortEdge / height)), shortEdge);
  }
}
