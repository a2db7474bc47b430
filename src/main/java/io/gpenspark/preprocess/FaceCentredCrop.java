package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.face.Face;
import io.gpenspark.face.FaceFinder;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts a square of {@code size} pixels centred on the eye centre of the best face, shifted to stay
 * inside the image. An image smaller than the square gives the largest square that fits, resized to
 * {@code size}. Without a face the square is centred on the image.
 */
public final class FaceCentredCrop implements PreprocessStep {
  /** Highest score first; among equal scores the largest box. */
  private static final Comparator<Face> BEST =
      Comparator.comparingDouble(Face::score).thenComparingDouble(f -> f.width() * f.height());

  private final int size;
  private final FaceFinder faces;

  public FaceCentredCrop(int size, FaceFinder faces) {
    if (size < 1 || size > MAX_SIDE) {
      throw new IllegalArgumentException("crop size must be 1.." + MAX_SIDE + ", got " + size);
    }
    this.size = size;
    this.faces = Objects.requireNonNull(faces, "a face-centred crop needs a face finder");
  }

  /** Reads preprocess.face-crop.size. */
  public static FaceCentredCrop from(ConfigReader cfg, FaceFinder faces) {
    return new FaceCentredCrop(cfg.intIn("preprocess.face-crop.size", 1, MAX_SIDE), faces);
  }

  @Override
  public Mat apply(Mat bgr) {
    Rect window = window(bgr.cols(), bgr.rows(), size, best(faces.find(bgr)));
    Mat view = bgr.submat(window);
    try {
      if (window.width == size) {
        return view.clone();
      }
      Mat out = new Mat();
      // Only reached when upscaling a too-small image: Lanczos-4 like the resize step's default.
      Imgproc.resize(view, out, new Size(size, size), 0, 0, Imgproc.INTER_LANCZOS4);
      return out;
    } finally {
      view.release();
    }
  }

  /** The face the crop centres on: highest score, then largest. */
  public static Optional<Face> best(List<Face> found) {
    return found.stream().max(BEST);
  }

  /**
   * The square to cut from a {@code width} x {@code height} image: side min(size, width, height),
   * centred on the face's eye centre (image centre without a face), shifted to lie inside.
   */
  public static Rect window(int width, int height, int size, Optional<Face> face) {
    int side = Math.min(size, Math.min(width, height));
    double cx = face.map(Face::eyeCentreX).orElse(width / 2.0);
    double cy = face.map(Face::eyeCentreY).orElse(height / 2.0);
    return new Rect(origin(cx, side, width), origin(cy, side, height), side, side);
  }

  private static int origin(double centre, int side, int extent) {
    long start = Math.round(centre - side / 2.0);
    return (int) Math.max(0, Math.min(extent - side, start));
  }
}
