package io.gpenspark.face;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Aligns faces to a template: the similarity that best maps a face's five landmarks onto the
 * template's, and the square crop it produces. Warps are bilinear with a black constant border, as
 * GPEN's {@code warp_and_crop_face} does (its {@code flags=3}, INTER_AREA, is read by warpAffine as
 * INTER_LINEAR). Stateless and thread-safe.
 */
public final class FaceAligner {
  private final AlignmentTemplate template;

  public FaceAligner(AlignmentTemplate template) {
    this.template = template;
  }

  public AlignmentTemplate template() {
    return template;
  }

  /** The transform from image coordinates to template (crop) coordinates. */
  public Similarity toTemplate(Face face) {
    return Similarity.fit(face.landmarks(), template.points());
  }

  /** The {@code size}×{@code size} crop of {@code image} under {@code toTemplate}; a new Mat. */
  public Mat crop(Mat image, Similarity toTemplate) {
    return warp(image, toTemplate, new Size(template.size(), template.size()));
  }

  /**
   * {@code src} warped by {@code transform} into a new Mat of {@code size} (bilinear, black
   * outside).
   */
  public static Mat warp(Mat src, Similarity transform, Size size) {
    Mat m = transform.toAffine();
    Mat out = new Mat();
    try {
      Imgproc.warpAffine(
          src, out, m, size, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, Scalar.all(0));
      return out;
    } finally {
      m.release();
    }
  }
}
