package io.gpenspark.imageio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * EXIF as a TIFF stream (the payload of a JPEG APP1 after "Exif\0\0", of a PNG eXIf or a WebP EXIF
 * chunk), through Commons Imaging's TIFF model. Only IFD0's descriptive tags and the Exif, GPS and
 * Interop IFDs are kept: IFD1 (the thumbnail) is stale once the pixels change, and the
 * image-structure tags describe the input's encoding, not the photo.
 */
final class ExifBlock {
  /**
   * IFD0 tags never carried: image structure, thumbnail, IFD pointers (rewritten by the writer),
   * and the XMP, IPTC, Photoshop and ICC blocks carried on their own.
   */
  private static final Set<Integer> NOT_CARRIED =
      Set.of(
          254, 255, 256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 320, 322, 323, 324, 325,
          330, 338, 339, 513, 514, 530, // YCbCr subsampling of the input's encoding
          700, 33723, 34377, 34675, 37724, // XMP, IPTC, Photoshop, ICC, Photoshop layers
          34665, 34853, 40965); // Exif, GPS, Interop IFD pointers

  private static final Set<Integer> KEPT_DIRECTORIES =
      Set.of(
          TiffDirectoryConstants.DIRECTORY_TYPE_ROOT,
          TiffDirectoryConstants.DIRECTORY_TYPE_EXIF,
          TiffDirectoryConstants.DIRECTORY_TYPE_GPS,
          TiffDirectoryConstants.DIRECTORY_TYPE_INTEROPERABILITY);

  private ExifBlock() {}

  /** The carried part of {@code md} as a TIFF stream, or null when nothing is left. */
  static byte[] carriedPart(TiffImageMetadata md) throws ImagingException, IOException {
    TiffOutputSet src = md.getOutputSet();
    TiffOutputSet dst = new TiffOutputSet(src.byteOrder);
    for (TiffOutputDirectory d : src) {
      if (!KEPT_DIRECTORIES.contains(d.getType())) {
        continue;
      }
      TiffOutputDirectory c = new TiffOutputDirectory(d.getType(), src.byteOrder);
      for (TiffOutputField f : d.getFields()) {
        if (d.getType() != TiffDirectoryConstants.DIRECTORY_TYPE_ROOT
            || !NOT_CARRIED.contains(f.tag)) {
          c.add(f);
        }
      }
      if (!c.getFields().isEmpty()) {
        dst.addDirectory(c);
      }
    }
    if (dst.isEmpty()) {
      return null;
    }
    dst.getOrCreateRootDirectory();
    return write(dst);
  }

  /**
   * A fresh, mutable copy of a stream made by {@link #carriedPart}, its values encoded in {@code
   * order} (a TIFF output's fields must be in the file's byte order).
   */
  static TiffOutputSet parse(byte[] exif, ByteOrder order) throws ImagingException, IOException {
    TiffImageMetadata md = (TiffImageMetadata) Imaging.getMetadata(exif);
    if (md.contents.header.byteOrder == order) {
      return md.getOutputSet();
    }
    TiffOutputSet set = new TiffOutputSet(order);
    for (TiffDirectory d : md.contents.directories) {
      TiffOutputDirectory od = new TiffOutputDirectory(d.type, order);
      for (TiffField f : d.getDirectoryEntries()) {
        if (NOT_CARRIED.contains(f.getTag())
            && d.type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT) {
          continue;
        }
        AbstractFieldType t = f.getFieldType();
        byte[] data =
            t == AbstractFieldType.BYTE
                    || t == AbstractFieldType.SBYTE
                    || t == AbstractFieldType.UNDEFINED
                    || t == AbstractFieldType.ASCII
                ? f.getByteArrayValue()
                : t.writeData(f.getValue(), order);
        od.add(new TiffOutputField(f.getTag(), f.getTagInfo(), t, (int) f.getCount(), data));
      }
      set.addDirectory(od);
    }
    return set;
  }

  static byte[] write(TiffOutputSet set) throws ImagingException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TiffImageWriterLossy(set.byteOrder).write(out, set);
    return out.toByteArray();
  }

  /**
   * Adjusts {@code set} to the output: Orientation 1 (the decoder applied it, the pixels are
   * upright), the Exif pixel dimensions to the output's size, and the resolution to {@code dpi}.
   */
  static void fitToOutput(TiffOutputSet set, int width, int height, ImageMetadata.Dpi dpi)
      throws ImagingException {
    TiffOutputDirectory root = set.getOrCreateRootDirectory();
    root.removeField(TiffTagConstants.TIFF_TAG_ORIENTATION);
    root.add(
        TiffTagConstants.TIFF_TAG_ORIENTATION,
        (short) TiffTagConstants.ORIENTATION_VALUE_HORIZONTAL_NORMAL);
    TiffOutputDirectory exif = set.getExifDirectory();
    if (exif != null && width > 0 && height > 0 && width <= 0xffff && height <= 0xffff) {
      // the output's size (EXIF requires these in compressed files); SHORT holds up to 65535
      exif.removeField(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH);
      exif.removeField(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH);
      exif.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, (short) width);
      exif.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, (short) height);
    }
    if (dpi != null) {
      setResolution(root, dpi);
    }
  }

  /** X/YResolution in dots per inch (TIFF IFD0 and EXIF IFD0 alike). */
  static void setResolution(TiffOutputDirectory root, ImageMetadata.Dpi dpi)
      throws ImagingException {
    root.removeField(TiffTagConstants.TIFF_TAG_XRESOLUTION);
    root.removeField(TiffTagConstants.TIFF_TAG_YRESOLUTION);
    root.removeField(TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT);
    root.add(TiffTagConstants.TIFF_TAG_XRESOLUTION, RationalNumber.valueOf(dpi.x()));
    root.add(TiffTagConstants.TIFF_TAG_YRESOLUTION, RationalNumber.valueOf(dpi.y()));
    root.add(
        TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT,
        (short) TiffTagConstants.RESOLUTION_UNIT_VALUE_INCHES);
  }
}
