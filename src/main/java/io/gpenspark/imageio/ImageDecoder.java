package io.gpenspark.imageio;

import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes image bytes into the pipeline's one representation: BGR, 8-bit, 3 channels, upright.
 * OpenCV applies the EXIF orientation, drops alpha and expands greyscale (IMREAD_COLOR); with
 * IMREAD_ANYDEPTH 16-bit samples survive decoding and are scaled down to 8 bits here.
 */
public final class ImageDecoder {
  private static final int FLAGS = Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_ANYDEPTH;

  private ImageDecoder() {}

  /** Decodes an image of any size (trusted sources: our own outputs, ground truth). */
  public static Mat decode(byte[] bytes) {
    return decode(bytes, Long.MAX_VALUE);
  }

  /** Decodes an input, refusing before decoding when its header declares more than {@code maxPixels}. */
  public static Mat decode(byte[] bytes, long maxPixels) {
    if (bytes.length == 0) {
      throw new ImageFailure(ErrorCode.DECODE_ERROR, "empty file (0 bytes)");
    }
    ImageHeader.read(bytes).filter(d -> d.pixels() > maxPixels).ifPresent(d -> {
      throw new ImageFailure(ErrorCode.TOO_LARGE, "image declares " + d.width() + "x" + d.height() + " = "
          + d.pixels() + " pixels, more than input.max-pixels=" + maxPixels);
    });
    Mat decoded;
    MatOfByte buf = new MatOfByte(bytes);
    try {
      decoded = Imgcodecs.imdecode(buf, FLAGS);
    } catch (RuntimeException e) {
      throw new ImageFailure(ErrorCode.DECODE_ERROR, "cannot decode image: " + e.getMessage(), e);
    } finally {
      buf.release();
    }
    if (decoded.empty()) {
      decoded.release();
      throw new ImageFailure(ErrorCode.DECODE_ERROR,
          "not a decodable image (unknown format, truncated or corrupt data)");
    }
    return toEightBit(decoded);
  }

  private static Mat toEightBit(Mat m) {
    double scale = switch (m.depth()) {
      case CvType.CV_8U -> 0;
      case CvType.CV_16U -> 255.0 / 65535.0;
      case CvType.CV_32F, CvType.CV_64F -> 255.0;
      default -> -1;
    };
    if (scale == 0) {
      return m;
    }
    if (scale < 0) {
      m.release();
      throw new ImageFailure(ErrorCode.UNSUPPORTED_FORMAT, "unsupported sample depth " + CvType.typeToString(m.type()));
    }
    Mat out = new Mat();
    m.convertTo(out, CvType.CV_8UC3, scale);
    m.release();
    return out;
  }
}
