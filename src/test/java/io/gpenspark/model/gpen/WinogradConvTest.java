package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.gpenspark.model.pth.PthReader;
import io.gpenspark.model.pth.StateDict;
import io.gpenspark.testing.Difference;
import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** F(2x2, 3x3) equals the direct convolution up to float32 rounding, alone and inside GPEN. */
class WinogradConvTest {

  @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3} px, channels-last {4}")
  @CsvSource({
    "1, 3, 5, 4, false",
    "2, 16, 8, 10, true",
    "1, 64, 32, 32, true",
    "3, 7, 1, 2, false"
  })
  void equalsTheDirectConvolution(int n, int in, int out, int size, boolean channelsLast) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      m.getEngine().setRandomSeed(7);
      NDArray x = m.randomUniform(-1, 1, new Shape(n, in, size, size));
      float[] kernels = m.randomUniform(-1, 1, new Shape(out, in, 3, 3)).toFloatArray();
      NDArray direct = Ops.conv2d(x, m.create(kernels, new Shape(out, in, 3, 3)), 1, 1, 1);

      float[][] planes = WinogradConv.transformKernels(kernels);
      NDArray[] transformed = new NDArray[16];
      for (int i = 0; i < 16; i++) {
        transformed[i] = m.create(planes[i], new Shape(out, in, 1, 1));
      }
      NDArray winograd =
          new WinogradConv(transformed).apply(channelsLast ? Ops.channelsLast(x) : x);

      assertEquals(direct.getShape(), winograd.getShape());
      float scale = direct.abs().max().getFloat();
      float worst = direct.sub(winograd).abs().max().getFloat();
      assertTrue(
          worst <= 1e-5f * Math.max(1, scale), "max |d| " + worst + " on a scale of " + scale);
    }
  }

  @Test
  void refusesAnOddSize() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray[] transformed = new NDArray[16];
      for (int i = 0; i < 16; i++) {
        transformed[i] = m.ones(new Shape(1, 1, 1, 1));
      }
      WinogradConv conv = new WinogradConv(transformed);
      assertThrows(IllegalArgumentException.class, () -> conv.apply(m.ones(new Shape(1, 1, 5, 4))));
    }
  }

  /** Every 3x3 conv at constant resolution by Winograd still reproduces the reference output. */
  @ParameterizedTest
  @ValueSource(strings = {"gpen-64-cm1-n0.25", "gpen-128-cm2-n0.125"})
  void gpenByWinogradReproducesTheFixture(String fixture) throws Exception {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/" + fixture);
    StateDict dict = PthReader.read(dir.resolve("weights.pth"), Optional.empty());
    Npy.Array input = Npy.read(dir.resolve("input.npy"));
    Npy.Array expected = Npy.read(dir.resolve("output.npy"));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GpenGenerator everywhere = new GpenGenerator(dict, GpenConfig.infer(dict.shapes()), m, 0);
      float[] out =
          everywhere
              .forward(
                  new ParameterStore(m, false),
                  new NDList(m.create(input.data(), new Shape(input.shape()))),
                  false)
              .singletonOrThrow()
              .toFloatArray();
      Difference d = Difference.between(expected.data(), out);
      System.out.printf("%s by Winograd: %s%n", fixture, d);
      assertTrue(d.max() <= 1e-3, d.toString());
      assertTrue(d.mean() <= 1e-5, d.toString());
    }
  }
}
