package io.gpenspark.restore;

import io.gpenspark.face.AlignmentTemplate;
import io.gpenspark.face.Face;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The paste-back weight of a restored face, in template space (CV_32F, 0…1), built from the
 * template's geometry because no face-parsing model is available: an upright ellipse from the
 * forehead to below the chin and from cheek to cheek, measured in eye-to-mouth spans. Its soft edge
 * lies inside the ellipse — drawn shrunk by half the feather width, then blurred by a Gaussian that
 * reaches exactly half the feather width — so the weight is 0 outside it and on the crop's border.
 */
final class FaceMask {
  /** In eye-to-mouth spans, from the midpoint between the eyes. */
  private static final double ABOVE_EYES = 1.3;

  private static final double BELOW_EYES = 1.9;
  private static final double HALF_WIDTH = 1.3;

  private FaceMask() {}

  /**
   * @param feather width of the soft edge as a fraction of the template size
   */
  static Mat build(AlignmentTemplate t, double feather) {
    int size = t.size();
    Face face = t.asFace();
    double span = face.eyeToMouth();
    double edge = feather * size;
    double halfHeight = (ABOVE_EYES + BELOW_EYES) / 2 * span - edge / 2;
    double halfWidth = HALF_WIDTH * span - edge / 2;
    Point centre =
        new Point(face.eyeCentreX(), face.eyeCentreY() + (BELOW_EYES - ABOVE_EYES) / 2 * span);

    Mat solid = Mat.zeros(size, size, CvType.CV_8UC1);
    Imgproc.ellipse(
        solid,
        new RotatedRect(centre, new Size(2 * halfWidth, 2 * halfHeight), 0),
        Scalar.all(255),
        -1,
        Imgproc.LINE_AA);
    Mat mask = new Mat();
    solid.convertTo(mask, CvType.CV_32F, 1 / 255.0);
    solid.release();
    int reach = (int) Math.floor(edge / 2);
    if (reach > 0) {
      // ±3 sigma = the kernel's half width = half the feather: nothing spills beyond it.
      Imgproc.GaussianBlur(mask, mask, new Size(2 * reach + 1, 2 * reach + 1), reach / 3.0);
    }
    return mask;
  }
}
