package io.gpenspark.model.pth;

import java.util.Arrays;

/** A dense row-major float32 tensor read from a checkpoint. */
public record FloatTensor(long[] shape, float[] data) {

  public FloatTensor {
    if (elementCount(shape) != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
