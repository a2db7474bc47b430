package io.gpenspark.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class ImageDecoderTest {
  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private static byte[] encode(Mat m, String ext) {
    MatOfByte b = new MatOfByte();
    Imgcodecs.imencode(ext, m, b);
    return b.toArray();
  }

  @Test
  void everythingBecomesBgrEightBitThreeChannels() {
    Mat grey = new Mat(20, 30, CvType.CV_8UC1, new Scalar(77));
    Mat rgba = new Mat(20, 30, CvType.CV_8UC4, new Scalar(10, 20, 30, 0));
    Mat deep = new Mat(20, 30, CvType.CV_16UC3, new Scalar(65535, 32896, 0));
    for (byte[] bytes : new byte[][] {encode(grey, ".png"), encode(rgba, ".png"), encode(deep, ".png"),
        encode(grey, ".jpg"), encode(rgba, ".tiff"), encode(grey, ".bmp")}) {
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
    Mat raw = Imgcodecs.imread(path.toString(), Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
    assertEquals(upright.size(), viaDecoder.size());
    System.out.println("selfie raw " + raw.size() + " upright " + upright.size());
  }

  @Test
  void brokenBytesAreDecodeErrors() {
    byte[] png = encode(new Mat(50, 50, CvType.CV_8UC3, new Scalar(1, 2, 3)), ".png");
    for (byte[] bad : new byte[][] {new byte[0], "not an image at all".getBytes(), Arrays.copyOf(png, 20)}) {
      ImageFailure f = assertThrows(ImageFailure.class, () -> ImageDecoder.decode(bad));
      assertEquals(ErrorCode.DECODE_ERROR, f.code());
    }
  }
}
