package io.gpenspark.imageio;

import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.formats.jpeg.JpegImageParser;
import org.apache.commons.imaging.formats.jpeg.JpegPhotoshopMetadata;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcParser;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.webp.WebPImageMetadata;

/**
 * The metadata an input photo carries, read once from its bytes (Apache Commons Imaging; PNG chunks
 * through the JDK's PNG reader): EXIF (its thumbnail and image-structure tags left out, see {@link
 * ExifBlock}), the XMP packet, IPTC-IIM records, the ICC profile and the resolution.
 *
 * <p>Reading never fails a photo: each kind is read on its own, and one that is broken (bad
 * offsets, malformed XML, an invalid profile) is dropped and named in {@link #notes()}.
 * Serializable (raw forms only), so it can travel with the image between stages.
 */
public final class ImageMetadata implements java.io.Serializable {
  private static final ImageMetadata NONE =
      new ImageMetadata(null, null, null, null, null, List.of());

  /** Dots per inch along x and y. */
  public record Dpi(double x, double y) implements java.io.Serializable {}

  private final byte[] exif;
  private final String xmp;
  private final byte[] iptc;
  private final byte[] icc;
  private final Dpi dpi;
  private final List<String> notes;

  private ImageMetadata(
      byte[] exif, String xmp, byte[] iptc, byte[] icc, Dpi dpi, List<String> notes) {
    this.exif = exif;
    this.xmp = xmp;
    this.iptc = iptc;
    this.icc = icc;
    this.dpi = dpi;
    this.notes = List.copyOf(notes);
  }

  /** Nothing carried (a BMP, or when metadata is not wanted). */
  public static ImageMetadata none() {
    return NONE;
  }

  /**
   * Reads what {@code input} (JPEG, PNG, TIFF or WebP bytes) carries; never throws. A JPEG whose
   * header has no segment any of it could come from is not parsed at all: five parses of Commons
   * Imaging cost more than the rest of a small photo's way outside the model.
   */
  public static ImageMetadata read(byte[] input) {
    Optional<ImageHeader.Format> format = ImageHeader.format(input);
    if (format.isEmpty()
        || format.get() == ImageHeader.Format.BMP
        || format.get() == ImageHeader.Format.JPEG && !ImageHeader.jpegMayCarryMetadata(input)) {
      return NONE;
    }
    return readAll(input, format.get());
  }

  /** Every kind, each parsed on its own (package-private: tests compare it with {@link #read}). */
  static ImageMetadata readAll(byte[] input, ImageHeader.Format f) {
    List<String> notes = new ArrayList<>();
    PngChunks.Carried png =
        f == ImageHeader.Format.PNG
            ? attempt(notes, "PNG chunks", () -> PngChunks.read(input))
            : null;
    byte[] exif =
        attempt(
            notes,
            "EXIF",
            () -> {
              TiffImageMetadata md = exifOf(input, f, png);
              return md == null ? null : ExifBlock.carriedPart(md);
            });
    String xmp =
        attempt(
            notes,
            "XMP",
            () -> {
              String x = Imaging.getXmpXml(input);
              if (x != null && !ProvenanceXmp.isUsable(x)) {
                throw new IllegalArgumentException("not well-formed RDF/XML");
              }
              return x;
            });
    byte[] iptc = attempt(notes, "IPTC", () -> iptcOf(input, f, png));
    byte[] icc =
        attempt(
            notes,
            "ICC profile",
            () -> {
              byte[] p = Imaging.getIccProfileBytes(input);
              if (p != null) {
                ICC_Profile.getInstance(p); // throws for a profile no colour engine would accept
              }
              return p;
            });
    Dpi dpi = attempt(notes, "resolution", () -> dpiOf(input, exif));
    return new ImageMetadata(exif, xmp, iptc, icc, dpi, notes);
  }

  /** EXIF as Commons Imaging's TIFF model (a fresh parse). */
  public Optional<TiffImageMetadata> exif() {
    try {
      return exif == null
          ? Optional.empty()
          : Optional.of((TiffImageMetadata) Imaging.getMetadata(exif));
    } catch (IOException e) {
      throw new IllegalStateException("EXIF kept at read no longer parses", e);
    }
  }

  /** EXIF as a TIFF stream (what a JPEG APP1 holds after "Exif\0\0"). */
  public Optional<byte[]> exifBytes() {
    return Optional.ofNullable(exif).map(byte[]::clone);
  }

  public Optional<String> xmp() {
    return Optional.ofNullable(xmp);
  }

  /** IPTC-IIM records (Caption, Keywords, By-line …), in file order. */
  public List<IptcRecord> iptc() {
    return iptc == null ? List.of() : Iptc.records(iptc);
  }

  /** The IPTC-IIM block (what a TIFF IPTC-NAA tag holds). */
  public Optional<byte[]> iptcBytes() {
    return Optional.ofNullable(iptc).map(byte[]::clone);
  }

  public Optional<byte[]> icc() {
    return Optional.ofNullable(icc).map(byte[]::clone);
  }

  public Optional<Dpi> dpi() {
    return Optional.ofNullable(dpi);
  }

  /** What was found broken and dropped, one line each ("EXIF dropped: …"). */
  public List<String> notes() {
    return notes;
  }

  public boolean isEmpty() {
    return exif == null && xmp == null && iptc == null && icc == null && dpi == null;
  }

  @Override
  public String toString() {
    return "ImageMetadata[exif="
        + (exif == null ? "-" : exif.length + " B")
        + ", xmp="
        + (xmp == null ? "-" : xmp.length() + " chars")
        + ", iptc="
        + (iptc == null ? "-" : iptc.length + " B")
        + ", icc="
        + (icc == null ? "-" : icc.length + " B")
        + ", dpi="
        + (dpi == null ? "-" : dpi.x() + "x" + dpi.y())
        + (notes.isEmpty() ? "" : ", notes=" + notes)
        + "]";
  }

  private static TiffImageMetadata exifOf(byte[] b, ImageHeader.Format f, PngChunks.Carried png)
      throws IOException {
    return switch (f) {
      case JPEG -> new JpegImageParser().getExifMetadata(ByteSource.array(b), null);
      case TIFF -> (TiffImageMetadata) Imaging.getMetadata(b);
      case WEBP -> Imaging.getMetadata(b) instanceof WebPImageMetadata w ? w.getExif() : null;
      case PNG ->
          png == null || png.exif() == null
              ? null
              : (TiffImageMetadata) Imaging.getMetadata(png.exif());
      default -> null;
    };
  }

  private static byte[] iptcOf(byte[] b, ImageHeader.Format f, PngChunks.Carried png)
      throws IOException {
    byte[] block =
        switch (f) {
          case JPEG -> {
            JpegPhotoshopMetadata ps =
                new JpegImageParser().getPhotoshopMetadata(ByteSource.array(b), null);
            yield ps == null || ps.photoshopApp13Data.getRecords().isEmpty()
                ? null
                : new IptcParser().writeIptcBlock(ps.photoshopApp13Data.getRecords());
          }
          case TIFF -> {
            TiffField field = ((TiffImageMetadata) Imaging.getMetadata(b)).findField(Iptc.TIFF_TAG);
            yield field == null ? null : field.getByteArrayValue();
          }
          case PNG -> png == null ? null : png.iptc();
          default -> null; // WebP has no IPTC container
        };
    if (block != null && Iptc.records(block).isEmpty()) {
      throw new IllegalArgumentException("no IPTC-IIM records in the block");
    }
    return block;
  }

  private static Dpi dpiOf(byte[] b, byte[] exif) throws IOException {
    ImageInfo info = Imaging.getImageInfo(b);
    if (info.getPhysicalWidthDpi() > 0 && info.getPhysicalHeightDpi() > 0) {
      return new Dpi(info.getPhysicalWidthDpi(), info.getPhysicalHeightDpi());
    }
    if (exif == null) {
      return null;
    }
    TiffImageMetadata md = (TiffImageMetadata) Imaging.getMetadata(exif);
    TiffField x = md.findField(TiffTagConstants.TIFF_TAG_XRESOLUTION);
    TiffField y = md.findField(TiffTagConstants.TIFF_TAG_YRESOLUTION);
    TiffField unit = md.findField(TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT);
    int u = unit == null ? TiffTagConstants.RESOLUTION_UNIT_VALUE_INCHES : unit.getIntValue();
    if (x == null || y == null || u == TiffTagConstants.RESOLUTION_UNIT_VALUE_NONE) {
      return null;
    }
    double perInch = u == TiffTagConstants.RESOLUTION_UNIT_VALUE_CM ? 2.54 : 1;
    return new Dpi(x.getDoubleValue() * perInch, y.getDoubleValue() * perInch);
  }

  private interface Read<T> {
    T get() throws Exception;
  }

  private static <T> T attempt(List<String> notes, String kind, Read<T> read) {
    try {
      return read.get();
    } catch (Exception | StackOverflowError e) {
      notes.add(
          kind
              + " dropped: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return null;
    }
  }
}
