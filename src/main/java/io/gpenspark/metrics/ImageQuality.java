package io.gpenspark.metrics;

import io.gpenspark.config.ConfigReader;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * PSNR and SSIM of an output against a reference, BasicSR-compatible, as configured under
 * metrics.*. Immutable; safe to share between task threads.
 */
public final class ImageQuality {
  private final MeasuredPlanes planes;

  public ImageQuality(int cropBorder, boolean yChannel) {
    this.planes = new MeasuredPlanes(cropBorder, yChannel);
  }

  /** Reads metrics.crop-border and metrics.y-channel. */
  public static ImageQuality from(ConfigReader cfg) {
    return new ImageQuality(
        cfg.intAtLeast("metrics.crop-border", 0), cfg.bool("metrics.y-channel"));
  }

  /** metrics.reference: the root of ground-truth images at the inputs' relative paths, if any. */
  public static Optional<String> reference(ConfigReader cfg) {
    return cfg.optionalString("metrics.reference")
        .map(r -> r.endsWith("/") && r.length() > 1 ? r.substring(0, r.length() - 1) : r);
  }

  /**
   * Measures {@code output} against {@code reference} (both 8-bit BGR); a reference of another size
   * is first resized to the output's size with Lanczos-4.
   */
  public Quality measure(Mat output, Mat reference) {
    Mat sized = sameSize(output, reference);
    Mat a = planes.of(output);
    Mat b = planes.of(sized);
    try {
      return new Quality(Psnr.between(a, b), Ssim.between(a, b));
    } finally {
      a.release();
      b.release();
      if (sized != reference) {
        sized.release();
      }
    }
  }

  private static Mat sameSize(Mat output, Mat reference) {
    if (output.size().equals(reference.size())) {
      return reference;
    }
    Mat resized = new Mat();
    Imgproc.resize(reference, resized, output.size(), 0, 0, Imgproc.INTER_LANCZOS4);
    return resized;
  }
}
