package io.gpenspark.imageio;

import io.gpenspark.config.ConfigReader;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * How restored images are encoded (output.format = same | png | jpg, output.jpeg-quality). Encoding
 * is deterministic: the same pixels give the same bytes, so retried tasks rewrite identical
 * objects.
 */
public final class OutputFormat implements java.io.Serializable {
  private final String format;
  private final int jpegQuality;

  public OutputFormat(String format, int jpegQuality) {
    this.format = format;
    this.jpegQuality = jpegQuality;
  }

  /** Reads output.format and output.jpeg-quality. */
  public static OutputFormat from(ConfigReader cfg) {
    return new OutputFormat(
        cfg.oneOf("output.format", "same", "png", "jpg"), cfg.intIn("output.jpeg-quality", 1, 100));
  }

  /** The output file name's extension for an input with extension {@code inputExt}. */
  public String extensionFor(String inputExt) {
    return switch (format) {
      case "png" -> "png";
      case "jpg" -> "jpg";
      default -> inputExt;
    };
  }

  public boolean isLossy(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    return e.equals("jpg") || e.equals("jpeg") || e.equals("webp");
  }

  /** Whether the format stores 16 bits a sample (PNG, TIFF); the others get 8 (rounded). */
  public static boolean holdsSixteenBits(String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    return e.equals("png") || e.equals("tif") || e.equals("tiff");
  }

  /**
   * Grey or BGR, 8 or 16 bits a sample (16-bit pixels are rounded to 8 for formats that cannot hold
   * them).
   */
  public byte[] encode(Mat image, String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    if (image.depth() == CvType.CV_16U && !holdsSixteenBits(e)) {
      Mat eight = Pixels.eightBit(image);
      try {
        return encode(eight, e);
      } finally {
        eight.release();
      }
    }
    Mat bgr = image;
    MatOfInt params =
        isLossy(e)
            ? new MatOfInt(
                e.equals("webp") ? Imgcodecs.IMWRITE_WEBP_QUALITY : Imgcodecs.IMWRITE_JPEG_QUALITY,
                jpegQuality)
            : new MatOfInt();
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode("." + e, bgr, out, params)) {
        throw new ImageFailure(ErrorCode.UNSUPPORTED_FORMAT, "cannot encode ." + e);
      }
      return out.toArray();
    } catch (RuntimeException ex) {
      if (ex instanceof ImageFailure f) {
        throw f;
      }
      throw new ImageFailure(
          ErrorCode.UNSUPPORTED_FORMAT, "cannot encode ." + e + ": " + ex.getMessage(), ex);
    } finally {
      out.release();
      params.release();
    }
  }
}
