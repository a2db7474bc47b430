package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The convs run as matrix products give PyTorch's convolution's values. */
class OpsTest {

  @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3} px, channels-last {4}, bias {5}")
  @CsvSource({"1, 64, 3, 8, true, true", "2, 3, 16, 5, false, true", "3, 40, 24, 6, true, false"})
  void conv1x1EqualsTheConvolution(
      int n, int in, int out, int size, boolean channelsLast, boolean withBias) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      m.getEngine().setRandomSeed(3);
      NDArray x = m.randomUniform(-1, 1, new Shape(n, in, size, size));
      NDArray w = m.randomUniform(-1, 1, new Shape(out, in, 1, 1));
      NDArray b = withBias ? m.randomUniform(-1, 1, new Shape(out)) : null;
      NDArray expected =
          Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
              .singletonOrThrow();
      NDArray got = Ops.conv2d(channelsLast ? Ops.channelsLast(x) : x, w, b, 1, 0, 1);
      assertEquals(expected.getShape(), got.getShape());
      float worst = expected.sub(got).abs().max().getFloat();
      assertTrue(worst <= 1e-5f, "max |d| " + worst);
    }
  }

  /** Padded 1x1 convs, and the small ones oneDNN leaves alone (batch 1, kernels up to 3x3). */
  @ParameterizedTest(
      name = "batch {0}, {1} -> {2} channels, {3} px, {4}x{5} kernel, stride {6}, pad {7}")
  @CsvSource({
    "1, 32, 8, 4, 1, 1, 1, 1",
    "2, 16, 8, 5, 1, 1, 1, 2",
    "1, 64, 16, 4, 2, 2, 1, 1",
    "1, 64, 16, 4, 2, 1, 1, 1",
    "1, 64, 16, 4, 1, 2, 1, 1",
    "1, 48, 24, 4, 3, 3, 1, 1",
    "1, 24, 8, 9, 3, 3, 2, 0"
  })
  void smallConvsEqualTheConvolution(
      int n, int in, int out, int size, int kh, int kw, int stride, int padding) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      m.getEngine().setRandomSeed(5);
      NDArray x = Ops.channelsLast(m.randomUniform(-1, 1, new Shape(n, in, size, size)));
      NDArray w = m.randomUniform(-1, 1, new Shape(out, in, kh, kw));
      NDArray b = m.randomUniform(-1, 1, new Shape(out));
      assertTrue(
          kh * kw == 1 || !Ops.oneDnnTakes(x.getShape(), w.getShape(), stride, 1),
          "a conv oneDNN takes does not test the matrix product");
      NDArray expected =
          Conv2d.conv2d(
                  x,
                  w,
                  b,
                  new Shape(stride, stride),
                  new Shape(padding, padding),
                  new Shape(1, 1),
                  1)
              .singletonOrThrow();
      NDArray got = Ops.conv2d(x, w, b, stride, padding, 1);
      assertEquals(expected.getShape(), got.getShape());
      float worst = expected.sub(got).abs().max().getFloat();
      assertTrue(worst <= 1e-5f, "max |d| " + worst);
    }
  }
}
