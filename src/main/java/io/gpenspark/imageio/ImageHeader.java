package io.gpenspark.imageio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * What an input's first bytes say, before any pixel is decoded: its format (by signature, not by
 * file name), its declared dimensions, so that a decompression bomb (a small file declaring huge
 * dimensions) is refused cheaply, and, for JPEG, whether the file reaches its end-of-image marker.
 * Dimensions of JPEG and PNG from their own headers, WebP from its RIFF header, BMP and TIFF
 * through javax.imageio.
 */
public final class ImageHeader {
  private ImageHeader() {}

  /** The input formats the job decodes (what input.extensions can name). */
  public enum Format {
    JPEG,
    PNG,
    WEBP,
    BMP,
    TIFF
  }

  /** The format the bytes' signature names, or empty when it is none of {@link Format}. */
  public static Optional<Format> format(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Optional.of(Format.JPEG);
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && ascii(b, 1, "PNG\r\n\u001a\n")) {
      return Optional.of(Format.PNG);
    }
    if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
      return Optional.of(Format.WEBP);
    }
    if (b.length >= 2 && ascii(b, 0, "BM")) {
      return Optional.of(Format.BMP);
    }
    if (b.length >= 4
        && (ascii(b, 0, "II*\0")
            || ascii(b, 0, "MM\0*")
            || ascii(b, 0, "II+\0")
            || ascii(b, 0, "MM\0+"))) {
      return Optional.of(Format.TIFF);
    }
    return Optional.empty();
  }

  public record Dimensions(long width, long height) {
    public long pixels() {
      return width * height;
    }
  }

  /** The declared dimensions, or empty when the header is not one we can read. */
  public static Optional<Dimensions> read(byte[] bytes) {
    Format format = format(bytes).orElse(null);
    if (format == Format.WEBP) {
      return webp(bytes);
    }
    if (format == Format.PNG) {
      return png(bytes);
    }
    if (format == Format.JPEG) {
      return jpeg(bytes).frame();
    }
    // In memory: ImageIO's default stream caches to a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(new Dimensions(reader.getWidth(0), reader.getHeight(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable header: the decoder will say what is wrong
    }
  }

  /**
   * Whether a JPEG's marker structure reaches its end-of-image marker (EOI). A JPEG cut short (an
   * interrupted copy or upload) does not; libjpeg would still decode it, silently filling the
   * missing part with grey, so the decoder refuses it instead. Bytes after EOI are allowed.
   */
  public static boolean jpegComplete(byte[] bytes) {
    return jpeg(bytes).complete;
  }

  private static Optional<Dimensions> png(byte[] b) {
    if (b.length < 24 || !ascii(b, 12, "IHDR")) {
      return Optional.empty();
    }
    return Optional.of(new Dimensions(u32be(b, 16), u32be(b, 20)));
  }

  /**
   * Whether every segment from SOI to the first scan starts with a marker a decoder accepts (APPn,
   * COM, DQT, DHT, DRI, SOFn, DAC, SOS) and fits in the data.
   */
  public static boolean jpegHeaderWellFormed(byte[] b) {
    return walkHeader(b, (marker, at, length) -> {});
  }

  /**
   * Whether a JPEG's header may hold metadata that {@link ImageMetadata} reads: an APP1 (EXIF,
   * XMP), APP2 (ICC profile) or APP13 (IPTC) segment, or an APP0 other than a JFIF one without a
   * density unit (a JFIF density in dots per inch or cm is the resolution). True for a header that
   * cannot be walked: then the full read decides.
   */
  static boolean jpegMayCarryMetadata(byte[] b) {
    boolean[] found = {false};
    boolean walked =
        walkHeader(
            b,
            (marker, at, length) -> {
              boolean plainJfif =
                  marker == 0xe0 && length >= 14 && ascii(b, at, "JFIF\0") && b[at + 7] == 0;
              found[0] |=
                  marker == 0xe1
                      || marker == 0xe2
                      || marker == 0xed
                      || marker == 0xe0 && !plainJfif;
            });
    return !walked || found[0];
  }

  private interface Segment {
    /** A marker segment: its marker (the byte after 0xFF), where its data starts and its length. */
    void visit(int marker, int at, int length);
  }

  /** Walks the marker segments from SOI to the first scan; false if the header is malformed. */
  private static boolean walkHeader(byte[] b, Segment visitor) {
    if (b.length < 4 || (b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8) {
      return false;
    }
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xff) != 0xff) {
        return false;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xff) {
        i++; // fill byte
        continue;
      }
      if (marker < 0xc0 || marker == 0xd8 || marker == 0xd9 || (marker >= 0xd0 && marker <= 0xd7)) {
        return false;
      }
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      if (length < 2 || i + 2 + length > b.length) {
        return false;
      }
      if (marker == 0xda) {
        return true;
      }
      visitor.visit(marker, i + 4, length - 2);
      i += 2 + length;
    }
    return false;
  }

  private record JpegWalk(Optional<Dimensions> frame, boolean complete) {}

  /**
   * Walks the JPEG's segments from SOI: marker segments by their lengths (EXIF thumbnails and other
   * embedded JPEGs are skipped whole), entropy-coded scans byte by byte up to the next marker,
   * until EOI or the end of the data. The first SOF gives the frame's dimensions.
   */
  private static JpegWalk jpeg(byte[] b) {
    Optional<Dimensions> frame = Optional.empty();
    int i = 2;
    int n = b.length;
    while (true) {
      while (i < n && (b[i] & 0xff) != 0xff) {
        i++; // stray bytes between segments: libjpeg skips them too
      }
      while (i < n && (b[i] & 0xff) == 0xff) {
        i++; // fill bytes
      }
      if (i >= n) {
        return new JpegWalk(frame, false);
      }
      int marker = b[i++] & 0xff;
      if (marker == 0xd9) {
        return new JpegWalk(frame, true);
      }
      if (marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
        continue; // no length
      }
      if (i + 2 > n) {
        return new JpegWalk(frame, false);
      }
      int length = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
      if (length < 2 || i + length > n) {
        return new JpegWalk(frame, false);
      }
      boolean sof =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof && frame.isEmpty() && length >= 7) {
        frame =
            Optional.of(
                new Dimensions(
                    ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff),
                    ((b[i + 3] & 0xff) << 8) | (b[i + 4] & 0xff)));
      }
      i += length;
      if (marker
          == 0xda) { // scan data: runs to the next marker that is not a stuffed 0 or a restart
        while (i + 1 < n
            && !((b[i] & 0xff) == 0xff
                && b[i + 1] != 0
                && (b[i + 1] & 0xff) != 0xff
                && ((b[i + 1] & 0xff) < 0xd0 || (b[i + 1] & 0xff) > 0xd7))) {
          i++;
        }
        if (i + 1 >= n) {
          return new JpegWalk(frame, false);
        }
      }
    }
  }

  private static long u32be(byte[] b, int at) {
    return (b[at] & 0xffL) << 24
        | (b[at + 1] & 0xffL) << 16
        | (b[at + 2] & 0xffL) << 8
        | (b[at + 3] & 0xffL);
  }

  private static Optional<Dimensions> webp(byte[] b) {
    if (b.length < 30 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WEBP")) {
      return Optional.empty();
    }
    if (ascii(b, 12, "VP8X")) { // canvas size, 24-bit little endian, minus one
      return Optional.of(new Dimensions(1 + u24(b, 24), 1 + u24(b, 27)));
    }
    if (ascii(b, 12, "VP8L")) { // 14-bit width-1 and height-1 after the 0x2f signature
      long bits =
          (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
      return Optional.of(new Dimensions(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)));
    }
    if (ascii(b, 12, "VP8 ")) { // key frame: 14-bit width and height after the start code
      return Optional.of(new Dimensions(u16(b, 26) & 0x3fff, u16(b, 28) & 0x3fff));
    }
    return Optional.empty();
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long u24(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }
}
