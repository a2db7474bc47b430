package io.gpenspark.imageio;

import java.io.IOException;
import java.util.List;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcParser;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoUndefineds;

/** IPTC-IIM blocks through Commons Imaging's IPTC parser and writer. */
final class Iptc {
  /** TIFF tag 33723, IPTC-NAA: where TIFF files hold the IIM block. */
  static final TagInfoUndefineds TIFF_TAG =
      new TagInfoUndefineds("IPTC-NAA", 33723, -1, TiffDirectoryType.TIFF_DIRECTORY_ROOT);

  private Iptc() {}

  static List<IptcRecord> records(byte[] iimBlock) {
    return new Parser().records(iimBlock); // a parser keeps state (byte order): one per call
  }

  static byte[] block(List<IptcRecord> records) throws ImagingException, IOException {
    return new IptcParser().writeIptcBlock(records);
  }

  /**
   * The parser's IIM block reader is protected (it is normally reached through a Photoshop APP13).
   */
  private static final class Parser extends IptcParser {
    List<IptcRecord> records(byte[] b) {
      return List.copyOf(parseIptcBlock(b));
    }
  }
}
