package io.gpenspark.imageio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image dimensions read from the header alone, before any pixel is decoded, so that a
 * decompression bomb (a small file declaring huge dimensions) is refused cheaply. JPEG, PNG,
 * BMP, GIF and TIFF through javax.imageio; WebP from its RIFF header.
 */
public final class ImageHeader {
  private ImageHeader() {}

  public record Dimensions(long width, long height) {
    public long pixels() {
      return width * height;
    }
  }

  /** The declared dimensions, or empty when the header is not one we can read. */
  public static Optional<Dimensions> read(byte[] bytes) {
    Optional<Dimensions> webp = webp(bytes);
    if (webp.isPresent()) {
      return webp;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
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

  private static Optional<Dimensions> webp(byte[] b) {
    if (b.length < 30 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WEBP")) {
      return Optional.empty();
    }
    if (ascii(b, 12, "VP8X")) { // canvas size, 24-bit little endian, minus one
      return Optional.of(new Dimensions(1 + u24(b, 24), 1 + u24(b, 27)));
    }
    if (ascii(b, 12, "VP8L")) { // 14-bit width-1 and height-1 after the 0x2f signature
      long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
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
