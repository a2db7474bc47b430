package io.gpenspark.testing;

import io.gpenspark.imageio.OpenCv;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A folder of hostile and awkward inputs, made in the test from the shared face photos (no
 * committed binaries): empty, truncated and corrupt files, files that lie about their type, 16-bit,
 * CMYK, grey, alpha and EXIF-rotated images, decompression bombs, a too-small image, a faceless and
 * a crowded photo, and awkward file names. Each relative path maps to what the job must record for
 * it.
 */
public final class BadInputCorpus {
  /** Smallest side, in pixels, that the corpus's good images have after downscaling. */
  public static final int PHOTO_SIDE = 256;

  /**
   * The expected manifest row: status, error_code (null unless failed), at least this many faces,
   * and the decoded (upright) size of the input for written images (0 for failed ones).
   */
  public record Expect(String status, String errorCode, int minFaces, int width, int height) {
    static Expect failed(String code) {
      return new Expect("failed", code, 0, 0, 0);
    }

    static Expect ok(Mat upright, int minFaces) {
      return new Expect("ok", null, minFaces, upright.cols(), upright.rows());
    }

    static Expect noFace(Mat upright) {
      return new Expect("no_face", null, 0, upright.cols(), upright.rows());
    }

    public boolean written() {
      return !status.equals("failed");
    }
  }

  /** Awkward but legal file names, each a copy of a good face photo; they must just work. */
  public static final java.util.List<String> AWKWARD_NAMES =
      java.util.List.of(
          "names/with space.png",
          "names/ünïcødé 写真.png",
          "names/hash#1.png",
          "names/percent%20twenty.png",
          "names/question?.png",
          "names/plus+sign.png",
          "names/colon 10:30.png",
          "names/up%2F..%2F..%2Fescape.png",
          "names/%2e%2e.png",
          "names/semi;colon&amp=1.png",
          "names/trailing space .png",
          "names/ leading space.png");

  private BadInputCorpus() {}

  public static Map<String, Expect> write(Path root) throws IOException {
    OpenCv.load();
    Map<String, Expect> expected = new LinkedHashMap<>();
    Mat face = photo("gfpgan-cropped/Adele_crop.png");
    byte[] facePng = encode(face, ".png");
    byte[] faceJpg = encode(face, ".jpg");

    // Broken or lying bytes.
    put(root, "broken/zero-bytes.jpg", new byte[0], Expect.failed("decode_error"), expected);
    put(
        root,
        "broken/truncated.jpg",
        Arrays.copyOf(faceJpg, faceJpg.length / 2),
        Expect.failed("decode_error"),
        expected);
    put(
        root,
        "broken/truncated.png",
        Arrays.copyOf(facePng, facePng.length / 2),
        Expect.failed("decode_error"),
        expected);
    put(
        root,
        "broken/bad-crc.png",
        corruptIdatCrc(facePng),
        Expect.failed("decode_error"),
        expected);
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    random[0] = 0x17; // no image signature by chance
    put(root, "broken/random-bytes.jpg", random, Expect.failed("unsupported_format"), expected);
    put(
        root,
        "broken/text.png",
        "just some notes, saved with the wrong name\n".repeat(20).getBytes(StandardCharsets.UTF_8),
        Expect.failed("unsupported_format"),
        expected);
    // A PPM (which OpenCV would decode) named .jpg: not an input format, so never handed to a
    // decoder.
    put(
        root,
        "broken/ppm-named.jpg",
        ("P6\n20000 20000\n255\n" + "x".repeat(64)).getBytes(StandardCharsets.US_ASCII),
        Expect.failed("unsupported_format"),
        expected);

    // Valid images of awkward kinds.
    put(root, "kinds/png-named.jpg", facePng, Expect.ok(face, 1), expected);
    Mat deep = new Mat();
    face.convertTo(deep, CvType.CV_16UC3, 257);
    put(root, "kinds/deep-16bit.png", encode(deep, ".png"), Expect.ok(face, 1), expected);
    put(root, "kinds/cmyk.jpg", cmykJpeg(face), Expect.ok(face, 1), expected);
    Mat grey = new Mat();
    Imgproc.cvtColor(face, grey, Imgproc.COLOR_BGR2GRAY);
    put(root, "kinds/grey.jpg", encode(grey, ".jpg"), Expect.ok(face, 1), expected);
    Mat bgra = new Mat();
    Imgproc.cvtColor(face, bgra, Imgproc.COLOR_BGR2BGRA);
    put(root, "kinds/alpha.png", encode(bgra, ".png"), Expect.ok(face, 1), expected);
    put(
        root,
        "kinds/progressive.jpg",
        encode(face, ".jpg", Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1),
        Expect.ok(face, 1),
        expected);
    byte[] trailing =
        Arrays.copyOf(faceJpg, faceJpg.length + 300); // zeros after EOI, as some cameras leave
    put(root, "kinds/trailing-bytes.jpg", trailing, Expect.ok(face, 1), expected);
    Mat landscape = photo("codeformer-whole/03.jpg"); // wider than tall
    put(root, "kinds/exif-rotated.jpg", exifRotated(landscape), Expect.ok(landscape, 1), expected);
    Path camera =
        SharedFiles.faces(
            "gpen-selfie/IMG20180716171517.jpg"); // a camera file: EXIF with thumbnail
    Mat cameraUpright = Imgcodecs.imread(camera.toString(), Imgcodecs.IMREAD_COLOR);
    put(
        root,
        "kinds/camera.jpg",
        Files.readAllBytes(camera),
        Expect.ok(cameraUpright, 1),
        expected);

    // Sizes.
    put(root, "sizes/bomb.png", pngBomb(100_000, 100_000), Expect.failed("too_large"), expected);
    put(
        root,
        "sizes/bomb.jpg",
        jpegBomb(faceJpg, 65_000, 65_000),
        Expect.failed("too_large"),
        expected);
    Mat tiny = new Mat();
    Imgproc.resize(face, tiny, new Size(8, 8), 0, 0, Imgproc.INTER_AREA);
    put(root, "sizes/tiny-8x8.png", encode(tiny, ".png"), Expect.failed("too_small"), expected);

    // Content.
    Mat scenery = scenery(480, 320);
    put(root, "content/no-face.png", encode(scenery, ".png"), Expect.noFace(scenery), expected);
    Mat group =
        Imgcodecs.imread(
            SharedFiles.faces("codeformer-whole/00.jpg").toString(), Imgcodecs.IMREAD_COLOR);
    put(
        root,
        "content/group.jpg",
        Files.readAllBytes(SharedFiles.faces("codeformer-whole/00.jpg")),
        Expect.ok(group, 3),
        expected);

    for (String name : AWKWARD_NAMES) {
      put(root, name, facePng, Expect.ok(face, 1), expected);
    }
    // Not inputs, by design: no row for them (hidden and underscored names, other extensions).
    Files.writeString(root.resolve("names/readme.txt"), "not an image, not listed");
    Files.write(root.resolve("names/..%2F..%2Fhidden.png"), facePng);
    Files.write(root.resolve("names/_underscored.png"), facePng);
    return expected;
  }

  /** A shared photo scaled down so its short side is {@link #PHOTO_SIDE}. */
  public static Mat photo(String shared) {
    OpenCv.load();
    Mat m = Imgcodecs.imread(SharedFiles.faces(shared).toString(), Imgcodecs.IMREAD_COLOR);
    double s = (double) PHOTO_SIDE / Math.min(m.cols(), m.rows());
    Mat out = new Mat();
    Imgproc.resize(
        m,
        out,
        new Size(Math.round(m.cols() * s), Math.round(m.rows() * s)),
        0,
        0,
        Imgproc.INTER_AREA);
    m.release();
    return out;
  }

  public static byte[] encode(Mat m, String ext, int... params) {
    MatOfByte b = new MatOfByte();
    if (!Imgcodecs.imencode(ext, m, b, new MatOfInt(params))) {
      throw new IllegalStateException("cannot encode " + ext);
    }
    return b.toArray();
  }

  private static void put(
      Path root, String rel, byte[] bytes, Expect e, Map<String, Expect> expected)
      throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    expected.put(rel, e);
  }

  /**
   * A smooth synthetic landscape: sky gradient, hills and a sun; nothing a detector takes for a
   * face.
   */
  private static Mat scenery(int w, int h) {
    Mat m = new Mat(h, w, CvType.CV_8UC3);
    byte[] row = new byte[w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean hill = y > h * 0.6 + 30 * Math.sin(x / 40.0);
        row[3 * x] = (byte) (hill ? 40 : 230 - y / 3);
        row[3 * x + 1] = (byte) (hill ? 120 + (x % 7) : 180 - y / 4);
        row[3 * x + 2] = (byte) (hill ? 50 : 120 - y / 5);
      }
      m.put(y, 0, row);
    }
    Imgproc.circle(m, new Point(w * 0.8, h * 0.2), 25, new Scalar(90, 220, 250), -1);
    return m;
  }

  /** The PNG with the CRC of its first IDAT chunk broken. */
  public static byte[] corruptIdatCrc(byte[] png) {
    byte[] b = png.clone();
    int at = 8;
    while (at + 8 <= b.length) {
      int len = ByteBuffer.wrap(b, at, 4).getInt();
      String type = new String(b, at + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IDAT")) {
        b[at + 8 + len] ^= 0x5a;
        return b;
      }
      at += 12 + len;
    }
    throw new IllegalStateException("no IDAT chunk");
  }

  /** A tiny PNG whose header declares {@code w}×{@code h} RGB pixels (valid chunks and CRCs). */
  public static byte[] pngBomb(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(w)
            .putInt(h)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater d = new Deflater(9); // a few rows of zeros: a real start of the bomb's pixel stream
    d.setInput(new byte[64 * 1024]);
    d.finish();
    byte[] z = new byte[4096];
    int n = d.deflate(z);
    chunk(out, "IDAT", Arrays.copyOf(z, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A real JPEG whose frame header (SOF) is patched to declare {@code w}×{@code h}. */
  public static byte[] jpegBomb(byte[] jpeg, int w, int h) {
    byte[] b = jpeg.clone();
    int at = 2;
    while (at + 4 < b.length && (b[at] & 0xff) == 0xff) {
      int marker = b[at + 1] & 0xff;
      int len = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
      if (marker >= 0xc0 && marker <= 0xc2) {
        b[at + 5] = (byte) (h >> 8);
        b[at + 6] = (byte) h;
        b[at + 7] = (byte) (w >> 8);
        b[at + 8] = (byte) w;
        return b;
      }
      at += 2 + len;
    }
    throw new IllegalStateException("no SOF marker");
  }

  /**
   * An Adobe CMYK JPEG of {@code bgr}, as Photoshop writes them: four components, an APP14 "Adobe"
   * segment (transform 0: no colour transform) and inverted samples (255 = no ink). javax.imageio
   * writes the four-band raster; the APP14 segment is inserted after SOI.
   */
  public static byte[] cmykJpeg(Mat bgr) throws IOException {
    int w = bgr.cols();
    int h = bgr.rows();
    byte[] px = new byte[w * h * 3];
    bgr.get(0, 0, px);
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    int[] cmyk = new int[4];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        int blue = px[i] & 0xff;
        int green = px[i + 1] & 0xff;
        int red = px[i + 2] & 0xff;
        int k = 255 - Math.max(red, Math.max(green, blue));
        // c = 1 - r - k etc. (in ink), stored inverted: 255 - ink.
        double scale = k == 255 ? 0 : 255.0 / (255 - k);
        cmyk[0] = 255 - (int) Math.round((255 - red - k) * scale);
        cmyk[1] = 255 - (int) Math.round((255 - green - k) * scale);
        cmyk[2] = 255 - (int) Math.round((255 - blue - k) * scale);
        cmyk[3] = 255 - k;
        r.setPixel(x, y, cmyk);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      var param = writer.getDefaultWriteParam();
      param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      writer.write(null, new IIOImage(r, null, null), param);
    } finally {
      writer.dispose();
    }
    byte[] adobe = {
      (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    return insertAfterSoi(bytes.toByteArray(), adobe);
  }

  /**
   * What a camera held sideways writes: the photo's pixels turned 90° anticlockwise, with EXIF
   * Orientation = 6 ("rotate 90° clockwise to display"). Shown correctly it is {@code upright}.
   */
  public static byte[] exifRotated(Mat upright) {
    Mat raw = new Mat();
    Core.rotate(upright, raw, Core.ROTATE_90_COUNTERCLOCKWISE);
    byte[] jpeg = encode(raw, ".jpg");
    ByteBuffer tiff =
        ByteBuffer.allocate(26) // big-endian TIFF header and one IFD with one entry
            .put(new byte[] {'M', 'M', 0, 42})
            .putInt(8)
            .putShort((short) 1)
            .putShort((short) 0x0112)
            .putShort((short) 3)
            .putInt(1)
            .putShort((short) 6)
            .putShort((short) 0)
            .putInt(0);
    byte[] exif =
        ByteBuffer.allocate(2 + 2 + 6 + 26)
            .put((byte) 0xff)
            .put((byte) 0xe1)
            .putShort((short) (2 + 6 + 26))
            .put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
            .put(tiff.array())
            .array();
    return insertAfterSoi(jpeg, exif);
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(segment);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
