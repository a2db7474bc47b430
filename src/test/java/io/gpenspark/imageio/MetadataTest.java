package io.gpenspark.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpenspark.testing.ExifTool;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Metadata carried from real inputs to real outputs, both read back by an independent reader
 * (ExifTool, Debian's libimage-exiftool-perl; skipped without it). The inputs are OpenCV encodings
 * of a shared face photo to which ExifTool adds EXIF (Orientation 6, a thumbnail, 300 dpi,
 * Make/Model/DateTimeOriginal), XMP (dc:creator, tiff:Orientation 6), IPTC (Caption) and an ICC
 * profile (Java's linear-RGB or grey profile, so that it cannot be mistaken for a default).
 */
@IntegrationTest
class MetadataTest {
  private static final Provenance PROVENANCE =
      new Provenance(
          "gpen-spark",
          "0.1.0-test",
          "GPEN-BFR-512.pth@0123abcd",
          "cafe0123beef4567",
          "20261121T200301Z-1a2b3c4d");

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    OpenCv.load();
  }

  private static void needExiftool() {
    ExifTool.assumePresent();
  }

  private static String run(List<String> cmd) throws Exception {
    return ExifTool.run(cmd);
  }

  private static JsonNode exiftool(Path file) throws Exception {
    return ExifTool.tags(file);
  }

  private static Mat face() {
    Mat m =
        Imgcodecs.imread(
            SharedFiles.faces("gpen-ffhq/00004.png").toString(), Imgcodecs.IMREAD_COLOR);
    Mat small = new Mat();
    Imgproc.resize(m, small, new Size(320, 240)); // not square: a 90° orientation shows in the size
    m.release();
    return small;
  }

  private static byte[] encode(Mat m, String ext) {
    MatOfByte out = new MatOfByte();
    assertTrue(Imgcodecs.imencode("." + ext, m, out));
    return out.toArray();
  }

  /** An OpenCV encoding of the face with every kind of metadata ExifTool can put in {@code ext}. */
  private Path input(String ext, Mat pixels) throws Exception {
    return input(
        ext, pixels, pixels.channels() == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_LINEAR_RGB);
  }

  private Path input(String ext, Mat pixels, int colorSpace) throws Exception {
    Path f = dir.resolve("in." + ext);
    Files.write(f, encode(pixels, ext));
    Path icc = dir.resolve("linear.icc");
    Files.write(icc, ICC_Profile.getInstance(colorSpace).getData());
    Mat t = new Mat();
    Imgproc.resize(face(), t, new Size(80, 60));
    Path thumb = dir.resolve("thumb.jpg");
    Files.write(thumb, encode(t, "jpg"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "exiftool",
                "-q",
                "-overwrite_original",
                "-IFD0:Orientation#=6",
                "-IFD0:Make=Archive Scanner Co",
                "-IFD0:Model=Model 9000",
                "-ExifIFD:DateTimeOriginal=1950:06:01 12:00:00",
                "-ExifIFD:UserComment=family album p.3",
                "-IFD0:XResolution=300",
                "-IFD0:YResolution=300",
                "-IFD0:ResolutionUnit=inches",
                "-XMP-dc:Creator=Ada Archivist",
                "-XMP-tiff:Orientation#=6",
                "-IPTC:Caption-Abstract=Grandmother at the lake, 1950",
                "-ICC_Profile<=" + icc));
    switch (ext) {
      case "jpg" ->
          cmd.addAll(
              List.of(
                  "-ThumbnailImage<=" + thumb,
                  "-JFIF:XResolution=300",
                  "-JFIF:YResolution=300",
                  "-JFIF:ResolutionUnit=inches"));
      case "png" ->
          cmd.addAll(
              List.of(
                  "-PNG:PixelsPerUnitX=11811",
                  "-PNG:PixelsPerUnitY=11811",
                  "-PNG:PixelUnits=meters"));
      default -> {}
    }
    cmd.add(f.toString());
    run(cmd);
    return f;
  }

  private static String text(JsonNode tags, String key) {
    JsonNode n = tags.get(key);
    return n == null ? null : n.asText();
  }

  private static String iccDescription(JsonNode tags) {
    return ExifTool.iccDescription(tags);
  }

  private static boolean hasGroup(JsonNode tags, String group) {
    for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith(group + ":")) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpg", "png", "tif"})
  void everyKindIsCarriedAndReadBackByExiftool(String ext) throws Exception {
    needExiftool();
    Path in = input(ext, face());
    JsonNode before = exiftool(in);
    // The input really carries each kind (so the assertions below can fail)
    assertEquals(6, before.get("IFD0:Orientation").asInt(), before.toString());
    assertEquals("Archive Scanner Co", text(before, "IFD0:Make"));
    assertEquals("Ada Archivist", text(before, "XMP-dc:Creator"));
    assertEquals("Grandmother at the lake, 1950", text(before, "IPTC:Caption-Abstract"));
    assertEquals("linear sRGB", iccDescription(before));
    if (ext.equals("jpg")) {
      assertTrue(hasGroup(before, "IFD1"), "the input has an EXIF thumbnail");
    }

    byte[] inBytes = Files.readAllBytes(in);
    ImageMetadata md = ImageMetadata.read(inBytes);
    assertEquals(List.of(), md.notes());
    Mat upright = ImageDecoder.decode(inBytes); // the decoder applies Orientation 6: 240x320
    assertEquals(320, upright.rows());
    byte[] encoded = encode(upright, ext);
    byte[] carried = MetadataWriter.carry(md, PROVENANCE, encoded);
    assertArrayEquals(
        carried,
        MetadataWriter.carry(ImageMetadata.read(inBytes), PROVENANCE, encode(upright, ext)),
        "deterministic: a retried task writes the same bytes");
    Path out = dir.resolve("out." + ext);
    Files.write(out, carried);
    JsonNode after = exiftool(out);

    assertNull(text(after, "ExifTool:Warning"), after.toString());
    for (String line :
        run(List.of("exiftool", "-validate", "-warning", "-error", "-a", "-s", out.toString()))
            .split("\n")) {
      assertTrue(
          !line.startsWith("Warning") && !line.startsWith("Error") || line.contains("[minor]"),
          "exiftool -validate: " + line);
    }
    assertNull(text(after, "ExifTool:Error"), after.toString());
    // EXIF
    assertEquals(1, after.get("IFD0:Orientation").asInt(), "pixels are upright");
    assertEquals("Archive Scanner Co", text(after, "IFD0:Make"));
    assertEquals("Model 9000", text(after, "IFD0:Model"));
    assertEquals("1950:06:01 12:00:00", text(after, "ExifIFD:DateTimeOriginal"));
    assertEquals(240, after.get("ExifIFD:ExifImageWidth").asInt(), "the output's size");
    assertEquals(320, after.get("ExifIFD:ExifImageHeight").asInt());
    assertEquals("family album p.3", text(after, "ExifIFD:UserComment"));
    assertFalse(hasGroup(after, "IFD1"), "stale thumbnail dropped: " + after);
    // XMP, with the provenance and the orientation corrected there too
    assertEquals("Ada Archivist", text(after, "XMP-dc:Creator"));
    assertEquals(1, after.get("XMP-tiff:Orientation").asInt());
    assertEquals("gpen-spark", text(after, "XMP-gpen:Software"));
    assertEquals("0.1.0-test", text(after, "XMP-gpen:SoftwareVersion"));
    assertEquals("GPEN-BFR-512.pth@0123abcd", text(after, "XMP-gpen:ModelId"));
    assertEquals("cafe0123beef4567", text(after, "XMP-gpen:ConfigHash"));
    assertEquals("20261121T200301Z-1a2b3c4d", text(after, "XMP-gpen:RunId"));
    // IPTC and ICC
    assertEquals("Grandmother at the lake, 1950", text(after, "IPTC:Caption-Abstract"));
    assertEquals("linear sRGB", iccDescription(after));
    // DPI, where each format keeps it
    switch (ext) {
      case "jpg" -> {
        assertEquals(300, after.get("JFIF:XResolution").asInt());
        assertEquals(1, after.get("JFIF:ResolutionUnit").asInt());
        assertEquals(300, after.get("IFD0:XResolution").asInt());
      }
      case "png" -> {
        assertEquals(11811, after.get("PNG-pHYs:PixelsPerUnitX").asInt());
        assertEquals(1, after.get("PNG-pHYs:PixelUnits").asInt());
      }
      default -> {
        assertEquals(300, after.get("IFD0:XResolution").asInt());
        assertEquals(2, after.get("IFD0:ResolutionUnit").asInt());
      }
    }
    // The image itself: the output's size and, for the lossless formats, the very same pixels
    assertEquals(
        240,
        after.get("File:ImageWidth") != null
            ? after.get("File:ImageWidth").asInt()
            : after.get(ext.equals("png") ? "PNG:ImageWidth" : "IFD0:ImageWidth").asInt());
    if (!ext.equals("jpg")) {
      Mat back = Imgcodecs.imdecode(new MatOfByte(carried), Imgcodecs.IMREAD_UNCHANGED);
      assertEquals(0.0, Core.norm(back, upright, Core.NORM_INF));
    }
  }

  @Test
  void sixteenBitGreyPngStaysSixteenBitGrey() throws Exception {
    needExiftool();
    Mat grey = new Mat();
    Imgproc.cvtColor(face(), grey, Imgproc.COLOR_BGR2GRAY);
    Mat grey16 = new Mat();
    grey.convertTo(grey16, CvType.CV_16UC1, 257.0);
    Path in = input("png", grey16);
    byte[] carried =
        MetadataWriter.carry(
            ImageMetadata.read(Files.readAllBytes(in)), PROVENANCE, encode(grey16, "png"));
    Path out = dir.resolve("out16.png");
    Files.write(out, carried);
    JsonNode after = exiftool(out);
    assertEquals(16, after.get("PNG:BitDepth").asInt());
    assertEquals(0, after.get("PNG:ColorType").asInt(), "greyscale");
    assertEquals("Grandmother at the lake, 1950", text(after, "IPTC:Caption-Abstract"));
    assertEquals(iccDescription(exiftool(in)), iccDescription(after));
    assertTrue(
        iccDescription(after).toLowerCase(java.util.Locale.ROOT).contains("gray"),
        iccDescription(after));
    Mat back = Imgcodecs.imdecode(new MatOfByte(carried), Imgcodecs.IMREAD_UNCHANGED);
    assertEquals(CvType.CV_16UC1, back.type());
    assertEquals(0.0, Core.norm(back, grey16, Core.NORM_INF));
  }

  @Test
  void aPhotoWithoutMetadataGetsTheProvenanceOnly() throws Exception {
    needExiftool();
    byte[] plain = encode(face(), "jpg");
    ImageMetadata md = ImageMetadata.read(plain);
    assertTrue(md.isEmpty(), md.toString());
    assertEquals(List.of(), md.notes());
    Path out = dir.resolve("plain-out.jpg");
    Files.write(out, MetadataWriter.carry(md, PROVENANCE, plain));
    JsonNode after = exiftool(out);
    assertEquals("20261121T200301Z-1a2b3c4d", text(after, "XMP-gpen:RunId"));
    assertFalse(hasGroup(after, "IFD0"));
    assertFalse(hasGroup(after, "IPTC"));
  }

  /**
   * JPEGs whose header has no metadata segment are not parsed: what {@link ImageMetadata#read}
   * gives is what parsing every kind gives, for plain encodings, a JFIF density alone, every kind,
   * and each JPEG of the shared photos.
   */
  @Test
  void aJpegIsParsedUnlessItsHeaderHasNoMetadataSegment() throws Exception {
    needExiftool();
    byte[] plain = encode(face(), "jpg");
    assertFalse(ImageHeader.jpegMayCarryMetadata(plain), "OpenCV writes a unitless JFIF header");
    Path dpiOnly = dir.resolve("dpi.jpg");
    Files.write(dpiOnly, plain);
    run(
        List.of(
            "exiftool",
            "-q",
            "-overwrite_original",
            "-JFIF:XResolution=300",
            "-JFIF:YResolution=300",
            "-JFIF:ResolutionUnit=inches",
            dpiOnly.toString()));
    byte[] dpi = Files.readAllBytes(dpiOnly);
    assertTrue(ImageHeader.jpegMayCarryMetadata(dpi));
    assertEquals(300, ImageMetadata.read(dpi).dpi().orElseThrow().x());
    byte[] every = Files.readAllBytes(input("jpg", face()));
    assertTrue(ImageHeader.jpegMayCarryMetadata(every));
    List<byte[]> jpegs = new ArrayList<>(List.of(plain, dpi, every));
    try (var files = Files.walk(SharedFiles.faces(""))) {
      for (Path f : files.filter(p -> p.toString().matches("(?i).*\\.jpe?g")).toList()) {
        jpegs.add(Files.readAllBytes(f));
      }
    }
    assertTrue(jpegs.size() > 5, "the shared photos' JPEGs");
    for (byte[] jpeg : jpegs) {
      assertEquals(
          ImageMetadata.readAll(jpeg, ImageHeader.Format.JPEG).toString(),
          ImageMetadata.read(jpeg).toString());
    }
  }

  @Test
  void brokenMetadataIsDroppedAndNotedNotFatal() throws Exception {
    needExiftool();
    byte[] plain = encode(face(), "jpg");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    new JpegXmpRewriter()
        .updateXmpXml(plain, o, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"); // cut short
    byte[] broken =
        JpegSegments.with(
            o.toByteArray(), "not an ICC profile at all".getBytes(StandardCharsets.US_ASCII), null);
    ImageMetadata md = ImageMetadata.read(broken);
    assertTrue(md.xmp().isEmpty());
    assertTrue(md.icc().isEmpty());
    assertEquals(2, md.notes().size(), md.notes().toString());
    assertTrue(md.notes().get(0).startsWith("XMP dropped"), md.notes().toString());
    assertTrue(md.notes().get(1).startsWith("ICC profile dropped"), md.notes().toString());
    Path out = dir.resolve("broken-out.jpg");
    Files.write(out, MetadataWriter.carry(md, PROVENANCE, encode(face(), "jpg")));
    JsonNode after = exiftool(out);
    assertEquals("gpen-spark", text(after, "XMP-gpen:Software"));
    assertNull(iccDescription(after));
  }

  /**
   * Documented gap: no maintained Java library writes WebP's EXIF/XMP/ICCP chunks; reading works.
   */
  @Test
  void webpOutputsComeBackUnchangedButWebpInputsAreRead() throws Exception {
    needExiftool();
    Path in = dir.resolve("in.webp");
    Files.write(in, encode(face(), "webp"));
    run(
        List.of(
            "exiftool",
            "-q",
            "-overwrite_original",
            "-XMP-dc:Creator=Ada Archivist",
            "-IFD0:Make=Archive Scanner Co",
            in.toString()));
    ImageMetadata md = ImageMetadata.read(Files.readAllBytes(in));
    assertEquals(
        "Archive Scanner Co",
        md.exif()
            .orElseThrow()
            .findField(
                org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants.TIFF_TAG_MAKE)
            .getStringValue());
    assertTrue(md.xmp().orElseThrow().contains("Ada Archivist"));
    byte[] encoded = encode(face(), "webp");
    assertArrayEquals(encoded, MetadataWriter.carry(md, PROVENANCE, encoded));
    // ...while the same metadata onto a JPEG output is carried
    Path out = dir.resolve("from-webp.jpg");
    Files.write(out, MetadataWriter.carry(md, PROVENANCE, encode(face(), "jpg")));
    JsonNode after = exiftool(out);
    assertEquals("Archive Scanner Co", text(after, "IFD0:Make"));
    assertEquals("Ada Archivist", text(after, "XMP-dc:Creator"));
    assertNotEquals(null, text(after, "XMP-gpen:RunId"));
  }

  /**
   * A real camera file (little-endian EXIF with maker notes and a thumbnail): its metadata carried
   * onto a fresh JPEG leaves a JPEG every decoder reads, with the EXIF (Commons Imaging alpha5
   * writes a little-endian set behind a broken segment header, so EXIF is written big-endian).
   */
  @Test
  void aCameraFilesMetadataNeverBreaksTheOutput() throws Exception {
    byte[] camera = read(SharedFiles.faces("gpen-selfie/IMG20180716171517.jpg"));
    Mat photo = Imgcodecs.imdecode(new MatOfByte(camera), Imgcodecs.IMREAD_COLOR);
    MatOfByte fresh = new MatOfByte();
    Imgcodecs.imencode(".jpg", photo, fresh);
    byte[] out =
        MetadataWriter.carry(
            ImageMetadata.read(camera),
            new Provenance("gpen-spark", "test", "m", "h", "r"),
            fresh.toArray());
    assertTrue(ImageHeader.jpegHeaderWellFormed(out));
    Mat back = Imgcodecs.imdecode(new MatOfByte(out), Imgcodecs.IMREAD_COLOR);
    assertEquals(photo.size(), back.size(), "decodable");
    needExiftool();
    Path written = dir.resolve("camera-out.jpg");
    Files.write(written, out);
    JsonNode tags = exiftool(written);
    assertEquals("OPPO", text(tags, "IFD0:Make"), "the camera's (little-endian) EXIF is carried");
    assertEquals("1", text(tags, "IFD0:Orientation"));
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
