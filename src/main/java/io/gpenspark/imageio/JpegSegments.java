package io.gpenspark.imageio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegRewriter;

/**
 * The two JPEG segments Commons Imaging has no writer for, placed through its segment model ({@link
 * JpegRewriter}: parse into pieces, insert, write back; entropy-coded data untouched): the ICC
 * profile as APP2 "ICC_PROFILE" chunks (ICC.1 Annex B) and the JFIF APP0 density in dots per inch
 * (libjpeg, as OpenCV calls it, writes a unitless 1:1 JFIF header).
 */
final class JpegSegments extends JpegRewriter {
  private static final int APP0 = 0xFFE0;
  private static final int APP2 = 0xFFE2;
  private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final int ICC_CHUNK =
      65535 - 2 - ICC.length - 2; // segment length field, header, seq/count

  private JpegSegments() {}

  /**
   * {@code jpeg} with {@code icc} (null: none added) and the JFIF density set to {@code dpi} (null:
   * unchanged).
   */
  static byte[] with(byte[] jpeg, byte[] icc, ImageMetadata.Dpi dpi) throws IOException {
    return new JpegSegments().rewrite(jpeg, icc, dpi);
  }

  private byte[] rewrite(byte[] jpeg, byte[] icc, ImageMetadata.Dpi dpi) throws IOException {
    List<JFIFPiece> pieces = new ArrayList<>(analyzeJfif(ByteSource.array(jpeg)).pieces);
    if (dpi != null) {
      boolean replaced = false;
      for (int i = 0; i < pieces.size(); i++) {
        if (pieces.get(i) instanceof JFIFPieceSegment s
            && s.marker == APP0
            && startsWith(s.getSegmentData(), JFIF)) {
          pieces.set(i, new JFIFPieceSegment(APP0, jfif(s.getSegmentData(), dpi)));
          replaced = true;
        }
      }
      if (!replaced) {
        pieces =
            new ArrayList<>(
                insertBeforeFirstAppSegments(
                    pieces, List.of(new JFIFPieceSegment(APP0, jfif(null, dpi)))));
      }
    }
    if (icc != null) {
      pieces.removeIf(
          p ->
              p instanceof JFIFPieceSegment s
                  && s.marker == APP2
                  && startsWith(s.getSegmentData(), ICC));
      int count = (icc.length + ICC_CHUNK - 1) / ICC_CHUNK;
      if (count > 255) {
        throw new IllegalArgumentException(
            "ICC profile of " + icc.length + " bytes needs more than 255 APP2 segments");
      }
      List<JFIFPieceSegment> chunks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] part =
            Arrays.copyOfRange(icc, i * ICC_CHUNK, Math.min(icc.length, (i + 1) * ICC_CHUNK));
        byte[] data = Arrays.copyOf(ICC, ICC.length + 2 + part.length);
        data[ICC.length] = (byte) (i + 1);
        data[ICC.length + 1] = (byte) count;
        System.arraycopy(part, 0, data, ICC.length + 2, part.length);
        chunks.add(new JFIFPieceSegment(APP2, data));
      }
      pieces = insertAfterLastAppSegments(pieces, chunks);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(jpeg.length + (icc == null ? 64 : icc.length + 64));
    writeSegments(out, pieces);
    return out.toByteArray();
  }

  /**
   * A JFIF APP0 payload: the old version, units 1 (dpi), the density, no JFIF thumbnail (stale).
   */
  private static byte[] jfif(byte[] old, ImageMetadata.Dpi dpi) {
    int x = (int) Math.max(1, Math.min(65535, Math.round(dpi.x())));
    int y = (int) Math.max(1, Math.min(65535, Math.round(dpi.y())));
    byte major = old != null && old.length >= 7 ? old[5] : 1;
    byte minor = old != null && old.length >= 7 ? old[6] : 1;
    return new byte[] {
      'J',
      'F',
      'I',
      'F',
      0,
      major,
      minor,
      1,
      (byte) (x >> 8),
      (byte) x,
      (byte) (y >> 8),
      (byte) y,
      0,
      0
    };
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
