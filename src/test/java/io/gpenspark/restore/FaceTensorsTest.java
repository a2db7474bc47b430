package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gpenspark.imageio.OpenCv;
import io.gpenspark.restore.RestoreSettings.OutputRounding;
import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The tensor conversions against GPEN's golden fixture (made by the reference PyTorch code). */
class FaceTensorsTest {
  static final Path FIXTURE = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private static Mat png(String name) {
    return Imgcodecs.imread(FIXTURE.resolve(name).toString(), Imgcodecs.IMREAD_COLOR);
  }

  @Test
  void theInputIsExactlyTheReferenceTensor() throws Exception {
    Npy.Array expected = Npy.read(FIXTURE.resolve("input.npy"));
    Mat face = png("input.png");
    // Two slots: the face goes to the second, the first stays untouched.
    float[] batch = new float[2 * expected.data().length];
    FaceTensors.put(face, batch, 1);
    float[] second = Arrays.copyOfRange(batch, expected.data().length, batch.length);
    assertArrayEquals(expected.data(), second, 0f);
    assertArrayEquals(
        new float[expected.data().length],
        Arrays.copyOfRange(batch, 0, expected.data().length),
        0f);
  }

  @Test
  void theReferenceOutputBecomesTheExpectedImages() throws Exception {
    float[] output = Npy.read(FIXTURE.resolve("output.npy")).data();
    assertSameImage(
        png("expected-rounded.png"), FaceTensors.take(output, 0, 64, OutputRounding.ROUND));
    assertSameImage(
        png("expected-truncated.png"), FaceTensors.take(output, 0, 64, OutputRounding.TRUNCATE));
  }

  @Test
  void outputIsClippedAndNanRefused() {
    assertEquals((byte) 255, FaceTensors.toByte(3.5f, OutputRounding.ROUND));
    assertEquals((byte) 0, FaceTensors.toByte(-1.01f, OutputRounding.TRUNCATE));
    assertEquals((byte) 128, FaceTensors.toByte(0.0039f, OutputRounding.ROUND)); // 128.0 - a hair
    assertEquals((byte) 127, FaceTensors.toByte(0.0f, OutputRounding.TRUNCATE)); // 127.5
    assertThrows(
        IllegalStateException.class, () -> FaceTensors.toByte(Float.NaN, OutputRounding.ROUND));
  }

  static void assertSameImage(Mat expected, Mat actual) {
    assertEquals(expected.size(), actual.size());
    Mat diff = new Mat();
    Core.absdiff(expected, actual, diff);
    assertEquals(0, Core.countNonZero(diff.reshape(1)), "pixels that differ");
    diff.release();
  }
}
