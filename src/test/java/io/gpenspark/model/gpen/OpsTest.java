package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 1x1 conv as a matrix product gives PyTorch's convolution's values. */
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
}
