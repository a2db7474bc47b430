package io.gpenspark.imageio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcParser;
import org.w3c.dom.Node;

/**
 * PNG metadata chunks through the JDK's PNG codec (javax_imageio_png_1.0), which reads and writes
 * iCCP, pHYs, iTXt, zTXt and unknown chunks such as eXIf; Commons Imaging reads PNG metadata but
 * writes it only while encoding pixels from an 8-bit BufferedImage. Writing re-encodes the PNG
 * (lossless: same samples, same bit depth and channels) with the chunks added.
 *
 * <p>EXIF goes in an eXIf chunk (PNG 1.2 extension, read by ExifTool and browsers); IPTC in a zTXt
 * "Raw profile type iptc" (ImageMagick's convention, which ExifTool reads and writes).
 */
final class PngChunks {
  private static final String FORMAT = "javax_imageio_png_1.0";
  private static final String XMP_KEYWORD = "XML:com.adobe.xmp";
  private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] PHOTOSHOP = "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * What Commons Imaging does not read from a PNG: EXIF (eXIf or raw profile) and IPTC (raw
   * profile).
   */
  record Carried(byte[] exif, byte[] iptc) {}

  private PngChunks() {}

  static Carried read(byte[] png) throws IOException {
    ImageReader r = reader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      r.setInput(in);
      Node root = r.getImageMetadata(0).getAsTree(FORMAT);
      byte[] exif = null;
      byte[] iptc = null;
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
          if (e.getNodeName().equals("UnknownChunk") && "eXIf".equals(attr(e, "type"))) {
            exif = withoutExifHeader((byte[]) ((IIOMetadataNode) e).getUserObject());
          } else if (e.getNodeName().equals("zTXtEntry") || e.getNodeName().equals("tEXtEntry")) {
            String keyword = attr(e, "keyword").toLowerCase(Locale.ROOT);
            String text = attr(e, e.getNodeName().equals("zTXtEntry") ? "text" : "value");
            if (exif == null
                && (keyword.equals("raw profile type exif")
                    || keyword.equals("raw profile type app1"))) {
              byte[] b = rawProfile(text);
              if (b.length > EXIF_HEADER.length && Arrays.equals(b, 0, 6, EXIF_HEADER, 0, 6)) {
                exif = withoutExifHeader(b);
              }
            } else if (keyword.equals("raw profile type iptc")) {
              iptc = iimBlock(rawProfile(text));
            }
          }
        }
      }
      return new Carried(exif, iptc);
    } finally {
      r.dispose();
    }
  }

  /** {@code png} re-encoded with the given chunks (each may be null). */
  static byte[] write(
      byte[] png, byte[] exif, String xmp, byte[] iptc, byte[] icc, ImageMetadata.Dpi dpi)
      throws IOException {
    IIOImage image;
    ImageReader r = reader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      r.setInput(in);
      image = r.readAll(0, null);
    } finally {
      r.dispose();
    }
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    if (icc != null) {
      IIOMetadataNode n = new IIOMetadataNode("iCCP");
      n.setAttribute("profileName", "ICC profile");
      n.setAttribute("compressionMethod", "deflate");
      n.setUserObject(deflate(icc)); // the JDK writes the profile as given: compressed
      root.appendChild(n);
    }
    if (dpi != null) {
      IIOMetadataNode n = new IIOMetadataNode("pHYs");
      n.setAttribute("pixelsPerUnitXAxis", Long.toString(Math.round(dpi.x() / 0.0254)));
      n.setAttribute("pixelsPerUnitYAxis", Long.toString(Math.round(dpi.y() / 0.0254)));
      n.setAttribute("unitSpecifier", "meter");
      root.appendChild(n);
    }
    if (xmp != null) {
      IIOMetadataNode e = new IIOMetadataNode("iTXtEntry");
      e.setAttribute("keyword", XMP_KEYWORD);
      e.setAttribute(
          "compressionFlag",
          "FALSE"); // XMP spec: uncompressed, so that it can be found by scanning
      e.setAttribute("compressionMethod", "0");
      e.setAttribute("languageTag", "");
      e.setAttribute("translatedKeyword", "");
      e.setAttribute("text", xmp);
      IIOMetadataNode n = new IIOMetadataNode("iTXt");
      n.appendChild(e);
      root.appendChild(n);
    }
    if (iptc != null) {
      IIOMetadataNode e = new IIOMetadataNode("zTXtEntry");
      e.setAttribute("keyword", "Raw profile type iptc");
      e.setAttribute("compressionMethod", "deflate");
      e.setAttribute("text", toRawProfile("iptc", iptc));
      IIOMetadataNode n = new IIOMetadataNode("zTXt");
      n.appendChild(e);
      root.appendChild(n);
    }
    if (exif != null) {
      IIOMetadataNode e = new IIOMetadataNode("UnknownChunk");
      e.setAttribute("type", "eXIf");
      e.setUserObject(exif);
      IIOMetadataNode n = new IIOMetadataNode("UnknownChunks");
      n.appendChild(e);
      root.appendChild(n);
    }
    IIOMetadata md = image.getMetadata();
    md.mergeTree(FORMAT, root);
    Iterator<ImageWriter> ws = ImageIO.getImageWritersByFormatName("png");
    ImageWriter w = ws.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 4096);
    try (ImageOutputStream os = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(os);
      w.write(null, image, null);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  private static ImageReader reader() {
    Iterator<ImageReader> rs = ImageIO.getImageReadersByFormatName("png");
    if (!rs.hasNext()) {
      throw new IllegalStateException("no PNG reader in this JDK");
    }
    return rs.next();
  }

  private static String attr(Node n, String name) {
    Node a = n.getAttributes().getNamedItem(name);
    return a == null ? "" : a.getNodeValue();
  }

  private static byte[] withoutExifHeader(byte[] b) {
    return b.length > EXIF_HEADER.length && Arrays.equals(b, 0, 6, EXIF_HEADER, 0, 6)
        ? Arrays.copyOfRange(b, 6, b.length)
        : b;
  }

  /**
   * An IIM block from a raw iptc profile, which may be IIM itself or a Photoshop resource block.
   */
  private static byte[] iimBlock(byte[] b) throws IOException {
    if (b.length > 0 && b[0] == 0x1c) {
      return b;
    }
    byte[] ps =
        b.length >= 4 && b[0] == '8' && b[1] == 'B' && b[2] == 'I' && b[3] == 'M'
            ? concat(PHOTOSHOP, b)
            : b;
    return Iptc.block(new IptcParser().parsePhotoshopSegment(ps, false).getRecords());
  }

  /** ImageMagick's raw profile text: "\n<type>\n<length>\n<hex, wrapped>\n". */
  static byte[] rawProfile(String text) {
    String[] lines = text.strip().split("\n", 3);
    if (lines.length < 3) {
      throw new IllegalArgumentException("raw profile without a length and data");
    }
    int length = Integer.parseInt(lines[1].strip());
    String hex = lines[2].replaceAll("\\s", "");
    if (hex.length() < 2L * length) {
      throw new IllegalArgumentException(
          "raw profile shorter than its declared " + length + " bytes");
    }
    return HexFormat.of().parseHex(hex, 0, 2 * length);
  }

  static String toRawProfile(String type, byte[] data) {
    StringBuilder sb =
        new StringBuilder("\n")
            .append(type)
            .append('\n')
            .append(String.format(Locale.ROOT, "%8d", data.length));
    String hex = HexFormat.of().formatHex(data);
    for (int i = 0; i < hex.length(); i += 72) {
      sb.append('\n').append(hex, i, Math.min(hex.length(), i + 72));
    }
    return sb.append('\n').toString();
  }

  private static byte[] deflate(byte[] b) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      d.setInput(b);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
