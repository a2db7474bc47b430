package io.gpenspark.imageio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoUndefineds;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossless;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an input's metadata ({@link ImageMetadata}) onto its encoded output and records the
 * provenance in XMP. Call after encoding, before writing: {@code bytes =
 * MetadataWriter.carry(ImageMetadata.read(inputBytes), provenance, format.encode(mat, ext))}.
 *
 * <p>EXIF Orientation becomes 1 (the decoder applied it; the pixels are upright), the EXIF
 * thumbnail (IFD1) and XMP thumbnails are dropped (stale), the EXIF pixel dimensions become the
 * output's. Deterministic: the same arguments give the same bytes (no timestamps anywhere).
 *
 * <p>What each output format gets (checked with ExifTool in MetadataTest):
 *
 * <pre>
 *          EXIF         XMP              IPTC                       ICC        DPI
 *   JPEG   APP1         APP1             APP13 (Photoshop IRB)      APP2       JFIF density + EXIF X/YResolution
 *   PNG    eXIf chunk   iTXt XML:com.adobe.xmp  zTXt "Raw profile type iptc"  iCCP  pHYs
 *   TIFF   IFD0 + Exif/GPS IFDs  tag 700  tag 33723 (IPTC-NAA)      tag 34675  X/YResolution
 *   WebP   not carried (no maintained Java library writes WebP's RIFF metadata chunks)
 *   BMP    not carried (no container for any of them)
 * </pre>
 *
 * A kind that cannot be written is left out and logged; the photo is never failed for its metadata.
 *
 * <p>Why Apache Commons Imaging: it is the one candidate that adds metadata to already-encoded
 * bytes without touching the pixels (ExifRewriter, JpegXmpRewriter, JpegIptcRewriter, and
 * TiffImageWriterLossless, which keeps the strips). TwelveMonkeys reads all of it but writes
 * metadata only while encoding pixels through an ImageIO writer (and has no PNG or WebP writer);
 * metadata-extractor only reads. Its gaps are filled as follows: the JPEG ICC APP2 chunks and JFIF
 * density through its own segment model ({@link JpegSegments}); PNG through the JDK's PNG codec
 * ({@link PngChunks}), since Commons Imaging writes PNG metadata only while encoding an 8-bit
 * image.
 */
public final class MetadataWriter {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataWriter.class);
  private static final TagInfoUndefineds ICC_TAG =
      new TagInfoUndefineds("ICC Profile", 34675, -1, TiffDirectoryType.TIFF_DIRECTORY_ROOT);

  private MetadataWriter() {}

  /**
   * {@code encodedOutput} (JPEG, PNG or TIFF bytes, recognised by content) with {@code in}'s
   * metadata and the provenance ({@code p}, may be null) added; WebP and BMP come back unchanged.
   */
  public static byte[] carry(ImageMetadata in, Provenance p, byte[] encodedOutput) {
    ImageHeader.Format f = ImageHeader.format(encodedOutput).orElse(ImageHeader.Format.BMP);
    int[] size =
        ImageHeader.read(encodedOutput)
            .map(d -> new int[] {(int) d.width(), (int) d.height()})
            .orElse(new int[] {0, 0});
    return switch (f) {
      case JPEG -> jpeg(in, p, encodedOutput, size);
      case PNG -> png(in, p, encodedOutput, size);
      case TIFF -> tiff(in, p, encodedOutput, size);
      default -> encodedOutput;
    };
  }

  private interface Step {
    byte[] apply(byte[] b) throws Exception;
  }

  /** One kind of metadata: on failure the bytes stay as they were and the loss is logged. */
  private static byte[] step(String kind, byte[] b, Step s) {
    try {
      return s.apply(b);
    } catch (Exception e) {
      LOG.warn("metadata: {} not carried: {}", kind, e.toString());
      return b;
    }
  }

  /**
   * A JPEG step whose result must still be a well-formed JPEG (every segment before the scan behind
   * a real marker): Commons Imaging alpha writes some camera files' EXIF behind an invalid marker,
   * which no decoder reads; then the kind is left out rather than the photo broken.
   */
  private static byte[] jpegStep(String kind, byte[] b, Step s) {
    byte[] next = step(kind, b, s);
    if (next != b && !ImageHeader.jpegHeaderWellFormed(next)) {
      LOG.warn("metadata: {} not carried: the writer produced a malformed JPEG header", kind);
      return b;
    }
    return next;
  }

  private static byte[] jpegExif(ImageMetadata in, int[] size, byte[] x) throws Exception {
    // Big-endian always: Commons Imaging alpha5's ExifRewriter writes a little-endian set (most
    // cameras') behind a broken segment header.
    TiffOutputSet set = exifFor(in, size, java.nio.ByteOrder.BIG_ENDIAN);
    ByteArrayOutputStream o = new ByteArrayOutputStream(x.length + 65536);
    new ExifRewriter(set.byteOrder).updateExifMetadataLossy(x, o, set);
    return o.toByteArray();
  }

  private static byte[] jpeg(ImageMetadata in, Provenance p, byte[] out, int[] size) {
    byte[] b = out;
    if (in.exifBytes().isPresent()) {
      b = jpegStep("EXIF", b, x -> jpegExif(in, size, x));
    }
    if (!in.iptc().isEmpty()) {
      b =
          jpegStep(
              "IPTC",
              b,
              x -> {
                ByteArrayOutputStream o = new ByteArrayOutputStream(x.length + 4096);
                new JpegIptcRewriter()
                    .writeIptc(x, o, new PhotoshopApp13Data(in.iptc(), java.util.List.of()));
                return o.toByteArray();
              });
    }
    b =
        jpegStep(
            "XMP",
            b,
            y ->
                xmpStep(
                    in,
                    p,
                    y,
                    (x, xml) -> {
                      ByteArrayOutputStream o =
                          new ByteArrayOutputStream(x.length + xml.length() + 64);
                      new JpegXmpRewriter().updateXmpXml(x, o, xml);
                      return o.toByteArray();
                    }));
    if (in.icc().isPresent() || in.dpi().isPresent()) {
      b =
          jpegStep(
              "ICC profile and density",
              b,
              x -> JpegSegments.with(x, in.icc().orElse(null), in.dpi().orElse(null)));
    }
    return b;
  }

  private static byte[] png(ImageMetadata in, Provenance p, byte[] out, int[] size) {
    return step(
        "PNG chunks",
        out,
        x -> {
          byte[] exif =
              in.exifBytes().isPresent() ? ExifBlock.write(exifFor(in, size, null)) : null;
          byte[] iptc = in.iptcBytes().orElse(null);
          return PngChunks.write(
              x, exif, xmp(in, p), iptc, in.icc().orElse(null), in.dpi().orElse(null));
        });
  }

  private static byte[] tiff(ImageMetadata in, Provenance p, byte[] out, int[] size) {
    return step(
        "TIFF tags",
        out,
        x -> {
          TiffOutputSet set = ((TiffImageMetadata) Imaging.getMetadata(x)).getOutputSet();
          TiffOutputDirectory root = set.getOrCreateRootDirectory();
          if (in.exifBytes().isPresent()) {
            for (TiffOutputDirectory d : exifFor(in, size, set.byteOrder)) {
              TiffOutputDirectory target =
                  switch (d.getType()) {
                    case TiffDirectoryConstants.DIRECTORY_TYPE_ROOT -> root;
                    case TiffDirectoryConstants.DIRECTORY_TYPE_EXIF ->
                        set.getOrCreateExifDirectory();
                    case TiffDirectoryConstants.DIRECTORY_TYPE_GPS -> set.getOrCreateGpsDirectory();
                    case TiffDirectoryConstants.DIRECTORY_TYPE_INTEROPERABILITY ->
                        set.getInteroperabilityDirectory() != null
                            ? set.getInteroperabilityDirectory()
                            : set.addInteroperabilityDirectory();
                    default -> null;
                  };
              if (target != null) {
                for (TiffOutputField field : d.getFields()) {
                  target.removeField(field.tag);
                  target.add(field);
                }
              }
            }
          }
          if (in.dpi().isPresent()) {
            ExifBlock.setResolution(root, in.dpi().get());
          }
          String xml = xmp(in, p);
          if (xml != null) {
            root.removeField(TiffTagConstants.TIFF_TAG_XMP);
            root.add(TiffTagConstants.TIFF_TAG_XMP, xml.getBytes(StandardCharsets.UTF_8));
          }
          in.iptcBytes()
              .ifPresent(
                  iim -> {
                    // IPTC-NAA is declared LONG by convention (Photoshop, ExifTool): the block
                    // padded to 4 bytes
                    byte[] padded = java.util.Arrays.copyOf(iim, (iim.length + 3) / 4 * 4);
                    root.removeField(Iptc.TIFF_TAG.tag);
                    root.add(
                        new TiffOutputField(
                            Iptc.TIFF_TAG.tag,
                            Iptc.TIFF_TAG,
                            AbstractFieldType.LONG,
                            padded.length / 4,
                            padded));
                  });
          in.icc()
              .ifPresent(
                  icc -> {
                    root.removeField(ICC_TAG.tag);
                    root.add(
                        new TiffOutputField(
                            ICC_TAG.tag, ICC_TAG, AbstractFieldType.UNDEFINED, icc.length, icc));
                  });
          ByteArrayOutputStream o = new ByteArrayOutputStream(x.length + 65536);
          new TiffImageWriterLossless(set.byteOrder, x).write(o, set);
          return o.toByteArray();
        });
  }

  /**
   * The input's EXIF fitted to the output (orientation 1, size, resolution), in {@code order}
   * (null: as stored).
   */
  private static TiffOutputSet exifFor(ImageMetadata in, int[] size, java.nio.ByteOrder order)
      throws Exception {
    byte[] exif = in.exifBytes().orElseThrow();
    TiffOutputSet set =
        ExifBlock.parse(
            exif,
            order != null
                ? order
                : ((TiffImageMetadata) Imaging.getMetadata(exif)).contents.header.byteOrder);
    ExifBlock.fitToOutput(set, size[0], size[1], in.dpi().orElse(null));
    return set;
  }

  private interface XmpWrite {
    byte[] apply(byte[] b, String xml) throws Exception;
  }

  /**
   * Writes the merged packet; if the input's packet cannot be written (too large …), the provenance
   * alone.
   */
  private static byte[] xmpStep(ImageMetadata in, Provenance p, byte[] b, XmpWrite w) {
    String xml = xmp(in, p);
    if (xml == null) {
      return b;
    }
    try {
      return w.apply(b, xml);
    } catch (Exception e) {
      if (in.xmp().isEmpty() || p == null) {
        LOG.warn("metadata: XMP not carried: {}", e.toString());
        return b;
      }
      LOG.warn(
          "metadata: the input's XMP not carried ({}); writing the provenance alone", e.toString());
      return step("provenance XMP", b, x -> w.apply(x, ProvenanceXmp.merge(null, p)));
    }
  }

  private static String xmp(ImageMetadata in, Provenance p) {
    return in.xmp().isEmpty() && p == null ? null : ProvenanceXmp.merge(in.xmp().orElse(null), p);
  }
}
