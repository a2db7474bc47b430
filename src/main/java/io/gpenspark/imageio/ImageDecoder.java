package io.gpenspark.imageio;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes image bytes, upright (OpenCV applies the EXIF orientation) and without alpha. An input
 * keeps what it stores: one channel for a grey scan, three (BGR) for colour, and 16 bits a sample
 * where it has them ({@link #decode(byte[], long, int)}); trusted images for measuring come back as
 * BGR 8-bit ({@link #decode(byte[])}).
 *
 * <p>Inputs are checked before any pixel is decoded: the content must be one of the input formats
 * by its signature (whatever the file name says), its header must declare no more than
 * input.max-pixels and no side under the minimum, and a JPEG must reach its end-of-image marker.
 */
public final class ImageDecoder {
  /** Grey stays grey, colour is BGR (alpha dropped), 16-bit samples stay 16-bit. */
  private static final int AS_STORED = Imgcodecs.IMREAD_ANYCOLOR | Imgcodecs.IMREAD_ANYDEPTH;

  private static final int BGR = Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_ANYDEPTH;

  private ImageDecoder() {}

  /** Decodes an image of any size as BGR 8-bit (trusted sources: our own outputs, ground truth). */
  public static Mat decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new ImageFailure(ErrorCode.DECODE_ERROR, "empty file (0 bytes)");
    }
    Mat m = decodePixels(bytes, BGR);
    if (m.depth() == CvType.CV_8U) {
      return m;
    }
    Mat out = Pixels.eightBit(m);
    m.release();
    return out;
  }

  /**
   * Decodes an input: refused before decoding when it is no input format ({@code
   * unsupported_format}), when its header declares more than {@code maxPixels} ({@code too_large})
   * or a side under {@code minSide} ({@code too_small}), or when it is a JPEG cut short ({@code
   * decode_error}).
   */
  public static Mat decode(byte[] bytes, long maxPixels, int minSide) {
    if (bytes.length == 0) {
      throw new ImageFailure(ErrorCode.DECODE_ERROR, "empty file (0 bytes)");
    }
    ImageHeader.Format format =
        ImageHeader.format(bytes)
            .orElseThrow(
                () ->
                    new ImageFailure(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        "not a JPEG, PNG, WebP, BMP or TIFF image (by its content)"));
    ImageHeader.read(bytes)
        .ifPresent(
            d -> {
              if (d.pixels() > maxPixels) {
                throw new ImageFailure(
                    ErrorCode.TOO_LARGE,
                    "image declares "
                        + d.width()
                        + "x"
                        + d.height()
                        + " = "
                        + d.pixels()
                        + " pixels, more than input.max-pixels="
                        + maxPixels);
              }
              if (Math.min(d.width(), d.height()) < minSide) {
                throw tooSmall(d.width(), d.height(), minSide);
              }
            });
    if (format == ImageHeader.Format.JPEG && !ImageHeader.jpegComplete(bytes)) {
      throw new ImageFailure(
          ErrorCode.DECODE_ERROR,
          "truncated JPEG: the data ends before its end-of-image marker ("
              + bytes.length
              + " bytes)");
    }
    Mat m = decodePixels(bytes, AS_STORED);
    if (Math.min(m.cols(), m.rows()) < minSide) {
      int w = m.cols();
      int h = m.rows();
      m.release();
      throw tooSmall(w, h, minSide);
    }
    return m;
  }

  private static ImageFailure tooSmall(long w, long h, int minSide) {
    return new ImageFailure(
        ErrorCode.TOO_SMALL,
        "image is "
            + w
            + "x"
            + h
            + ", under the "
            + minSide
            + " px short side that can hold a face to restore");
  }

  private static Mat decodePixels(byte[] bytes, int flags) {
    Mat decoded;
    MatOfByte buf = new MatOfByte(bytes);
    try {
      decoded = Imgcodecs.imdecode(buf, flags);
    } catch (RuntimeException e) {
      throw new ImageFailure(ErrorCode.DECODE_ERROR, "cannot decode image: " + e.getMessage(), e);
    } finally {
      buf.release();
    }
    if (decoded.empty()) {
      decoded.release();
      throw new ImageFailure(
          ErrorCode.DECODE_ERROR,
          "not a decodable image (unknown format, truncated or corrupt data)");
    }
    return toStoredDepth(decoded);
  }

  /** 8 or 16 bits a sample; floating-point samples (0…1, HDR TIFFs) become 16-bit. */
  private static Mat toStoredDepth(Mat m) {
    double scale =
        switch (m.depth()) {
          case CvType.CV_8U, CvType.CV_16U -> 0;
          case CvType.CV_32F, CvType.CV_64F -> 65535.0;
          default -> -1;
        };
    if (scale == 0) {
      return m;
    }
    if (scale < 0) {
      m.release();
      throw new ImageFailure(
          ErrorCode.UNSUPPORTED_FORMAT,
          "unsupported sample depth " + CvType.typeToString(m.type()));
    }
    Mat out = new Mat();
    m.convertTo(out, CvType.CV_16U, scale);
    m.release();
    return out;
  }
}
