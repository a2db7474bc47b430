package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gpenspark.model.pth.StateDict;

/**
 * Turns state-dict entries into the generator's NDArrays, doing the constant arithmetic
 * (equalized-learning-rate scales, transposes, kernel flips, polyphase tap selection) once, in
 * float32 like PyTorch; the arrays are then stored in the forward's precision (bf16, fp16 or
 * float32).
 */
final class Weights {
  private final StateDict dict;
  private final NDManager manager;
  private final DataType type;

  Weights(StateDict dict, NDManager manager, DataType type) {
    this.dict = dict;
    this.manager = manager;
    this.type = type;
  }

  long[] shape(String name) {
    return dict.get(name).shape();
  }

  /** The single value of a one-element entry. */
  float scalar(String name) {
    return values(name)[0];
  }

  NDArray reshaped(String name, long... shape) {
    return create(values(name), new Shape(shape));
  }

  /** The entry with every element multiplied by {@code scale}, in its own shape. */
  NDArray scaled(String name, float scale) {
    return create(scaledValues(name, scale), new Shape(shape(name)));
  }

  /** A bias of C values times {@code scale} as [1, C, 1, 1], broadcastable over NCHW. */
  NDArray channelBias(String name, float scale) {
    return create(scaledValues(name, scale), new Shape(1, shape(name)[0], 1, 1));
  }

  /** A linear layer's [out, in] weight, times {@code scale}, transposed to [in, out]. */
  NDArray linearTransposed(String name, float scale) {
    int out = (int) shape(name)[0];
    int in = (int) shape(name)[1];
    float[] w = values(name);
    float[] t = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i * out + o] = w[o * in + i] * scale;
      }
    }
    return create(t, new Shape(in, out));
  }

  /** A conv weight [(1,) out, in, k, k] times {@code scale}, as [out, in, k, k]. */
  NDArray conv(String name, float scale) {
    long[] s = shape(name);
    int d = s.length;
    return create(scaledValues(name, scale), new Shape(s[d - 4], s[d - 3], s[d - 2], s[d - 1]));
  }

  /** A 3x3 conv weight [(1,) out, in, 3, 3] times {@code scale}, as a {@link WinogradConv}. */
  WinogradConv winogradConv(String name, float scale) {
    long[] s = shape(name);
    int d = s.length;
    if (s[d - 1] != 3 || s[d - 2] != 3) {
      throw new IllegalArgumentException(name + " is not a 3x3 kernel");
    }
    float[][] planes = WinogradConv.transformKernels(scaledValues(name, scale));
    NDArray[] transformed = new NDArray[planes.length];
    for (int i = 0; i < planes.length; i++) {
      transformed[i] = create(planes[i], new Shape(s[d - 4], s[d - 3], 1, 1));
    }
    return new WinogradConv(transformed);
  }

  /**
   * The taps {@code [ry::2, rx::2]} of a conv weight [(1,) out, in, k, k] flipped in both spatial
   * axes, times {@code scale}: [out, in, ceil((k-ry)/2), ceil((k-rx)/2)].
   */
  NDArray convPhase(String name, float scale, int ry, int rx) {
    long[] s = shape(name);
    int d = s.length;
    int k = (int) s[d - 1];
    float[] phase = flippedPhase(scaledValues(name, scale), k, ry, rx);
    return create(phase, new Shape(s[d - 4], s[d - 3], phaseTaps(k, ry), phaseTaps(k, rx)));
  }

  /**
   * For demodulation: {@code sum over the k x k taps of (scale * w)^2} of a conv weight [(1,) out,
   * in, k, k], transposed to [in, out].
   */
  NDArray tapEnergyTransposed(String name, float scale) {
    long[] s = shape(name);
    int d = s.length;
    int out = (int) s[d - 4];
    int in = (int) s[d - 3];
    int taps = (int) (s[d - 2] * s[d - 1]);
    float[] w = scaledValues(name, scale);
    float[] energy = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        float sum = 0;
        for (int t = 0; t < taps; t++) {
          float v = w[(o * in + i) * taps + t];
          sum += v * v;
        }
        energy[i * out + o] = sum;
      }
    }
    return create(energy, new Shape(in, out));
  }

  /**
   * A [k, k] FIR kernel flipped (upfirdn2d convolves, conv2d correlates) and repeated for a
   * depthwise conv over {@code channels}: [channels, 1, k, k].
   */
  NDArray depthwiseFir(String name, int channels) {
    int k = (int) shape(name)[0];
    return create(
        repeated(flippedPhase(values(name), k, 0, 0, 1), channels), new Shape(channels, 1, k, k));
  }

  /** {@link #depthwiseFir} restricted to the taps {@code [ry::2, rx::2]} of the flipped kernel. */
  NDArray depthwiseFirPhase(String name, int channels, int ry, int rx) {
    int k = (int) shape(name)[0];
    float[] phase = flippedPhase(values(name), k, ry, rx);
    return create(
        repeated(phase, channels), new Shape(channels, 1, phaseTaps(k, ry), phaseTaps(k, rx)));
  }

  private static int phaseTaps(int k, int r) {
    return (k - r + 1) / 2;
  }

  private static float[] flippedPhase(float[] kernels, int k, int ry, int rx) {
    return flippedPhase(kernels, k, ry, rx, 2);
  }

  /** Taps {@code [ry::step, rx::step]} of every flipped k x k plane in {@code kernels}. */
  private static float[] flippedPhase(float[] kernels, int k, int ry, int rx, int step) {
    int h = (k - ry + step - 1) / step;
    int w = (k - rx + step - 1) / step;
    int planes = kernels.length / (k * k);
    float[] out = new float[planes * h * w];
    for (int p = 0; p < planes; p++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int flippedRow = k - 1 - (ry + step * i);
          int flippedCol = k - 1 - (rx + step * j);
          out[(p * h + i) * w + j] = kernels[(p * k + flippedRow) * k + flippedCol];
        }
      }
    }
    return out;
  }

  private static float[] repeated(float[] plane, int times) {
    float[] out = new float[plane.length * times];
    for (int c = 0; c < times; c++) {
      System.arraycopy(plane, 0, out, c * plane.length, plane.length);
    }
    return out;
  }

  /** float32 values as an array of the forward's type (the float32 copy is freed at once). */
  private NDArray create(float[] values, Shape shape) {
    NDArray a = manager.create(values, shape);
    if (type == DataType.FLOAT32) {
      return a;
    }
    try (a) {
      return a.toType(type, false);
    }
  }

  private float[] scaledValues(String name, float scale) {
    float[] v = values(name).clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }

  private float[] values(String name) {
    return dict.get(name).data();
  }
}
