package io.gpenspark.face;

/**
 * Where the five landmarks of an aligned face land in a {@code size}×{@code size} crop, in {@link
 * Face}'s landmark order, stored as x0, y0, x1, y1, ...
 */
public record AlignmentTemplate(String name, int size, double[] points) {

  /** The ArcFace 96×112 reference points that GPEN's template starts from. */
  private static final double[] ARCFACE_96X112 = {
    30.29459953, 51.69630051,
    65.53179932, 51.50139999,
    48.02519989, 71.73660278,
    33.54930115, 92.3655014,
    62.72990036, 92.20410156
  };

  /** facexlib's FFHQ template (used by GFPGAN and CodeFormer), at 512. */
  private static final double[] FFHQ_512 = {
    192.98138, 239.94708,
    318.90277, 240.1936,
    256.63416, 314.01935,
    201.26117, 371.41043,
    313.08905, 371.15118
  };

  public AlignmentTemplate {
    if (points.length != 2 * Face.LANDMARKS) {
      throw new IllegalArgumentException(
          "a template has 5 points (10 numbers), got " + points.length);
    }
    points = points.clone();
  }

  /**
   * GPEN's {@code get_reference_facial_points(default_square=True, inner_padding_factor=0.25)}: the
   * ArcFace points made square (96 wide → 112, x + 8), padded by a quarter of 112 on each side
   * (+28, to 168×168), then scaled to {@code size}.
   */
  public static AlignmentTemplate gpen(int size) {
    double scale = size / 168.0;
    double[] p = new double[ARCFACE_96X112.length];
    for (int i = 0; i < p.length; i += 2) {
      p[i] = (ARCFACE_96X112[i] + 8 + 28) * scale;
      p[i + 1] = (ARCFACE_96X112[i + 1] + 28) * scale;
    }
    return new AlignmentTemplate("gpen", size, p);
  }

  /** The FFHQ template scaled from 512 to {@code size}. */
  public static AlignmentTemplate ffhq(int size) {
    double scale = size / 512.0;
    double[] p = new double[FFHQ_512.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = FFHQ_512[i] * scale;
    }
    return new AlignmentTemplate("ffhq", size, p);
  }

  /** {@code gpen} or {@code ffhq} (the values of restore.template). */
  public static AlignmentTemplate named(String name, int size) {
    return switch (name) {
      case "gpen" -> gpen(size);
      case "ffhq" -> ffhq(size);
      default ->
          throw new IllegalArgumentException(
              "unknown alignment template '" + name + "' (gpen | ffhq)");
    };
  }

  public double x(int i) {
    return points[2 * i];
  }

  public double y(int i) {
    return points[2 * i + 1];
  }

  /** The template as a face filling the whole crop, score 1. */
  public Face asFace() {
    return new Face(0, 0, size, size, points, 1.0);
  }

  @Override
  public double[] points() {
    return points.clone();
  }
}
