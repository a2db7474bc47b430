package io.gpenspark.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.BadInputCorpus;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class ImageDecoderTest {
  private static final int MIN_SIDE = 32; // input.min-size

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private static byte[] encode(Mat m, String ext, int... params) {
    return BadInputCorpus.encode(m, ext, params);
  }

  @Test
  void everythingBecomesBgrEightBitThreeChannels() {
    Mat grey = new Mat(20, 30, CvType.CV_8UC1, new Scalar(77));
    Mat rgba = new Mat(20, 30, CvType.CV_8UC4, new Scalar(10, 20, 30, 0));
    Mat deep = new Mat(20, 30, CvType.CV_16UC3, new Scalar(65535, 32896, 0));
    for (byte[] bytes :
        new byte[][] {
          encode(grey, ".png"),
          encode(rgba, ".png"),
          encode(deep, ".png"),
          encode(grey, ".jpg"),
          encode(rgba, ".tiff"),
          encode(grey, ".bmp")
        }) {
      Mat m = ImageDecoder.decode(bytes);
      assertEquals(CvType.CV_8UC3, m.type());
      assertEquals(30, m.cols());
      assertEquals(20, m.rows());
      m.release();
    }
    Mat d = ImageDecoder.decode(encode(deep, ".png"));
    byte[] px = new byte[3];
    d.get(0, 0, px);
    assertArrayEquals(new byte[] {(byte) 255, (byte) 128, 0}, px, "16-bit scaled by 255/65535");
    Mat a = ImageDecoder.decode(encode(rgba, ".png"));
    a.get(0, 0, px);
    assertArrayEquals(new byte[] {10, 20, 30}, px, "alpha dropped, colour kept");
  }

  @Test
  void exifOrientationIsApplied() throws Exception {
    // The selfies carry EXIF orientation; imread applies it too, so both must agree.
    var path = SharedFiles.faces("gpen-selfie/IMG20180716171517.jpg");
    Mat viaDecoder = ImageDecoder.decode(Files.readAllBytes(path));
    Mat upright = Imgcodecs.imread(path.toString(), Imgcodecs.IMREAD_COLOR);
    Mat raw =
        Imgcodecs.imread(
            path.toString(), Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
    assertEquals(upright.size(), viaDecoder.size());
    System.out.println("selfie raw " + raw.size() + " upright " + upright.size());
  }

  @Test
  void brokenBytesAreDecodeErrors() {
    byte[] png = encode(new Mat(50, 50, CvType.CV_8UC3, new Scalar(1, 2, 3)), ".png");
    for (byte[] bad :
        new byte[][] {new byte[0], "not an image at all".getBytes(), Arrays.copyOf(png, 20)}) {
      ImageFailure f = assertThrows(ImageFailure.class, () -> ImageDecoder.decode(bad));
      assertEquals(ErrorCode.DECODE_ERROR, f.code());
    }
  }

  private static ImageFailure refused(byte[] bytes) {
    return assertThrows(
        ImageFailure.class, () -> ImageDecoder.decode(bytes, 120_000_000L, MIN_SIDE));
  }

  @Test
  void contentThatIsNoInputFormatIsNeverDecoded() {
    for (String s :
        List.of("not an image at all", "P6\n20000 20000\n255\n", "#?RADIANCE\n", "GIF89a....")) {
      assertEquals(
          ErrorCode.UNSUPPORTED_FORMAT, refused(s.getBytes(StandardCharsets.US_ASCII)).code(), s);
    }
    assertEquals(ErrorCode.DECODE_ERROR, refused(new byte[0]).code());
  }

  @Test
  void truncatedJpegIsRefusedThoughLibjpegWouldFillItWithGrey() {
    byte[] jpg = encode(BadInputCorpus.photo("gfpgan-cropped/Adele_crop.png"), ".jpg");
    byte[] cut = Arrays.copyOf(jpg, jpg.length * 2 / 3);
    assertEquals(
        false,
        Imgcodecs.imdecode(new MatOfByte(cut), Imgcodecs.IMREAD_COLOR).empty(),
        "OpenCV alone accepts it");
    ImageFailure f = refused(cut);
    assertEquals(ErrorCode.DECODE_ERROR, f.code());
    assertTrue(f.getMessage().contains("truncated JPEG"), f.getMessage());
    // Complete JPEGs pass: baseline, progressive, with bytes after EOI, camera files with EXIF
    // thumbnails.
    Mat face = BadInputCorpus.photo("gfpgan-cropped/Adele_crop.png");
    for (byte[] ok :
        new byte[][] {
          jpg,
          encode(face, ".jpg", Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1),
          Arrays.copyOf(jpg, jpg.length + 100)
        }) {
      assertEquals(256, ImageDecoder.decode(ok, 120_000_000L, MIN_SIDE).cols());
    }
  }

  @Test
  void everyJpegAndPngOfTheSharedPhotosPassesTheHeaderChecks() throws Exception {
    try (var files = Files.walk(SharedFiles.path("testdata/faces"))) {
      for (var p :
          files.filter(p -> p.toString().toLowerCase().matches(".*\\.(jpe?g|png)")).toList()) {
        byte[] b = Files.readAllBytes(p);
        assertTrue(ImageHeader.read(b).isPresent(), p.toString());
        if (ImageHeader.format(b).orElseThrow() == ImageHeader.Format.JPEG) {
          assertTrue(ImageHeader.jpegComplete(b), p.toString());
        }
      }
    }
  }

  @Test
  void bombsAndTinyImagesAreRefusedFromTheirHeaders() {
    byte[] jpg = encode(BadInputCorpus.photo("gfpgan-cropped/Adele_crop.png"), ".jpg");
    assertEquals(ErrorCode.TOO_LARGE, refused(BadInputCorpus.pngBomb(100_000, 100_000)).code());
    assertEquals(ErrorCode.TOO_LARGE, refused(BadInputCorpus.jpegBomb(jpg, 65_000, 65_000)).code());
    assertEquals(
        ErrorCode.TOO_LARGE,
        assertThrows(
                ImageFailure.class,
                () -> ImageDecoder.decode(BadInputCorpus.pngBomb(2000, 2000), 1_000_000L, MIN_SIDE))
            .code(),
        "input.max-pixels");
    Mat tiny = new Mat(8, 300, CvType.CV_8UC3, new Scalar(1, 2, 3));
    ImageFailure f = refused(encode(tiny, ".png"));
    assertEquals(ErrorCode.TOO_SMALL, f.code());
    assertTrue(f.getMessage().contains("300x8"), f.getMessage());
    assertEquals(
        ErrorCode.TOO_SMALL, refused(encode(tiny, ".bmp")).code(), "BMP through javax.imageio");
    Mat edge = new Mat(MIN_SIDE, MIN_SIDE, CvType.CV_8UC3, new Scalar(1, 2, 3));
    assertEquals(
        MIN_SIDE, ImageDecoder.decode(encode(edge, ".png"), 120_000_000L, MIN_SIDE).rows());
  }

  @Test
  void adobeCmykJpegDecodesToTheRightColours() throws Exception {
    Mat face = BadInputCorpus.photo("gfpgan-cropped/Adele_crop.png");
    Mat m = ImageDecoder.decode(BadInputCorpus.cmykJpeg(face), 120_000_000L, MIN_SIDE);
    assertEquals(CvType.CV_8UC3, m.type());
    double psnr = Core.PSNR(m, face);
    assertTrue(psnr > 30, "CMYK decoded like the RGB original: PSNR " + psnr);
  }

  @Test
  void exifOrientationSixTurnsASidewaysCameraFileUpright() {
    Mat upright = BadInputCorpus.photo("codeformer-whole/03.jpg");
    Mat m = ImageDecoder.decode(BadInputCorpus.exifRotated(upright), 120_000_000L, MIN_SIDE);
    assertEquals(upright.size(), m.size());
    Mat flipped = new Mat();
    Core.rotate(upright, flipped, Core.ROTATE_180);
    assertTrue(
        Core.PSNR(m, upright) > 30 && Core.PSNR(m, flipped) < 20,
        "upright " + Core.PSNR(m, upright) + ", upside down " + Core.PSNR(m, flipped));
    assertTrue(TestImages.maxAbsDiff(m, upright) < 128);
  }
}
