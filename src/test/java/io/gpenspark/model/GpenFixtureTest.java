package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.Difference;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The Java GPEN reproduces the reference PyTorch outputs of the golden fixtures. */
@IntegrationTest
class GpenFixtureTest {

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("gpen-64-cm1-n0.25", "weights.pth"),
        Arguments.of("gpen-128-cm2-n0.125", "weights.pth"),
        Arguments.of("gpen-128-cm2-n0.125", "weights-legacy.pth"));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("fixtures")
  void matchesReferenceOutput(String fixture, String weights) throws Exception {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/" + fixture);
    Npy.Array input = Npy.read(dir.resolve("input.npy"));
    Npy.Array expected = Npy.read(dir.resolve("output.npy"));
    int size = (int) input.shape()[3];

    float[] output;
    try (FaceModel model = FaceModels.load(dir.resolve(weights), Optional.empty(), Device.cpu())) {
      assertEquals(size, model.size());
      assertTrue(model.id().startsWith(weights + " sha256:"), model.id());
      output = model.restore(input.data(), 1);
    }

    Difference d = Difference.between(expected.data(), output);
    System.out.printf("%s/%s: %s%n", fixture, weights, d);
    assertTrue(d.max() <= 1e-3, d.toString());
    assertTrue(d.mean() <= 1e-5, d.toString());

    assertTrue(greyLevelGap(output, dir.resolve("expected-rounded.png"), Math::rint) <= 1);
    assertTrue(greyLevelGap(output, dir.resolve("expected-truncated.png"), Math::floor) <= 1);
  }

  /**
   * Largest difference between the image {@code clip(y*0.5+0.5, 0, 1)*255} made uint8 by {@code
   * toUint8} and the BGR png.
   */
  private static int greyLevelGap(float[] output, Path png, DoubleUnaryOperator toUint8) {
    OpenCv.load();
    Mat image = Imgcodecs.imread(png.toString(), Imgcodecs.IMREAD_COLOR);
    int size = image.rows();
    assertArrayEquals(new int[] {3 * size * size, 3}, new int[] {output.length, image.channels()});
    byte[] bgr = new byte[size * size * 3];
    image.get(0, 0, bgr);
    int plane = size * size;
    int worst = 0;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        double v = Math.min(1, Math.max(0, output[c * plane + p] * 0.5 + 0.5)) * 255;
        int ours = (int) toUint8.applyAsDouble(v);
        int theirs = Byte.toUnsignedInt(bgr[p * 3 + (2 - c)]);
        worst = Math.max(worst, Math.abs(ours - theirs));
      }
    }
    System.out.printf("  %s: largest grey-level gap %d%n", png.getFileName(), worst);
    return worst;
  }
}
