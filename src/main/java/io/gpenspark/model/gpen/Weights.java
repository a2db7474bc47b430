package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gpenspark.model.pth.FloatTensor;
import io.gpenspark.model.pth.StateDict;

/**
 * Turns state-dict entries into the generator's NDArrays, doing the constant arithmetic
 * (equalized-learning-rate scales, transposes, kernel flips) once, in float32 like PyTorch.
 */
final class Weights {
  private final StateDict dict;
  private final NDManager manager;

  Weights(StateDict dict, NDManager manager) {
    this.dict = dict;
    this.manager = manager;
  }

  /** The entry reshaped to {@code shape} with every element multiplied by {@code scale}. */
  NDArray scaled(String name, float scale, long... shape) {
    float[] v = values(name).clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return manager.create(v, new Shape(shape));
  }

  NDArray reshaped(String name, long... shape) {
    return manager.create(values(name), new Shape(shape));
  }

  /** A bias of C values as [1, C, 1, 1], broadcastable over NCHW. */
  NDArray channelBias(String name) {
    return reshaped(name, 1, dict.get(name).shape()[0], 1, 1);
  }

  /** A linear layer's [out, in] weight, times {@code scale}, transposed to [in, out]. */
  NDArray linearTransposed(String name, float scale) {
    long[] shape = dict.get(name).shape();
    int out = (int) shape[0];
    int in = (int) shape[1];
    float[] w = values(name);
    float[] t = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i * out + o] = w[o * in + i] * scale;
      }
    }
    return manager.create(t, new Shape(in, out));
  }

  /** The single value of a one-element entry. */
  float scalar(String name) {
    return values(name)[0];
  }

  /**
   * A [k, k] FIR kernel flipped (upfirdn2d convolves, conv2d correlates) and repeated for a
   * depthwise conv over {@code channels}: [channels, 1, k, k].
   */
  NDArray depthwiseFir(String name, int channels) {
    float[] flipped = flipped(name);
    float[] repeated = new float[flipped.length * channels];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(flipped, 0, repeated, c * flipped.length, flipped.length);
    }
    int k = (int) dict.get(name).shape()[0];
    return manager.create(repeated, new Shape(channels, 1, k, k));
  }

  /** {@link #depthwiseFir} restricted to the taps {@code [ry::2, rx::2]} of the flipped kernel. */
  NDArray depthwiseFirPhase(String name, int channels, int ry, int rx) {
    int k = (int) dict.get(name).shape()[0];
    float[] flipped = flipped(name);
    int h = (k - ry + 1) / 2;
    int w = (k - rx + 1) / 2;
    float[] phase = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          phase[(c * h + i) * w + j] = flipped[(ry + 2 * i) * k + rx + 2 * j];
        }
      }
    }
    return manager.create(phase, new Shape(channels, 1, h, w));
  }

  /** A conv weight [..., k, k] flipped in both spatial axes, times {@code scale}, as {@code shape}. */
  NDArray flippedScaled(String name, float scale, long... shape) {
    float[] w = values(name);
    long[] dims = dict.get(name).shape();
    int k = (int) dims[dims.length - 1];
    float[] f = new float[w.length];
    for (int base = 0; base < w.length; base += k * k) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          f[base + i * k + j] = w[base + (k - 1 - i) * k + (k - 1 - j)] * scale;
        }
      }
    }
    return manager.create(f, new Shape(shape));
  }

  long[] shape(String name) {
    return dict.get(name).shape();
  }

  private float[] flipped(String name) {
    FloatTensor t = dict.get(name);
    float[] k = t.data();
    float[] f = new float[k.length];
    for (int i = 0; i < k.length; i++) {
      f[i] = k[k.length - 1 - i];
    }
    return f;
  }

  private float[] values(String name) {
    return dict.get(name).data();
  }
}
