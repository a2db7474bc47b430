package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * StyleGAN2's ModulatedConv2d as GPEN uses it: per-sample weights (style-modulated, optionally
 * demodulated) applied as a grouped convolution with groups = batch. The upsampling variant
 * (transposed 3x3 conv, stride 2, then a 4x4 blur) is computed without zero insertion: each of
 * the four output phases is an ordinary conv of the input with a subset of the flipped taps.
 */
final class ModulatedConv {
  private static final float DEMOD_EPS = 1e-8f;

  private final EqualLinear modulation;
  /** scale * weight as [1, out, in, k, k]; spatially flipped when upsampling. */
  private final NDArray weight;
  private final boolean demodulate;
  /** Depthwise blur after the transposed conv, or null. */
  private final NDArray blur;
  private final int outChannels;
  private final int kernel;

  private ModulatedConv(Weights weights, String prefix, boolean demodulate, boolean upsample) {
    long[] s = weights.shape(prefix + ".weight");
    this.outChannels = (int) s[1];
    this.kernel = (int) s[3];
    float scale = (float) (1 / Math.sqrt(s[2] * s[3] * s[4]));
    this.modulation = new EqualLinear(weights, prefix + ".modulation", 1, false);
    this.weight = upsample ? weights.flippedScaled(prefix + ".weight", scale, s) : weights.scaled(prefix + ".weight", scale, s);
    this.demodulate = demodulate;
    this.blur = upsample ? weights.depthwiseFir(prefix + ".blur.kernel", outChannels) : null;
  }

  /** A 3x3 demodulated conv at constant resolution. */
  static ModulatedConv same(Weights weights, String prefix) {
    return new ModulatedConv(weights, prefix, true, false);
  }

  /** A 3x3 demodulated conv that doubles the resolution. */
  static ModulatedConv upsampling(Weights weights, String prefix) {
    return new ModulatedConv(weights, prefix, true, true);
  }

  /** ToRGB's 1x1 conv, modulated but not demodulated. */
  static ModulatedConv toRgb(Weights weights, String prefix) {
    return new ModulatedConv(weights, prefix, false, false);
  }

  /** x [N, in, H, W], latent [N, 512]: [N, out, H, W], or [N, out, 2H, 2W] when upsampling. */
  NDArray apply(NDArray x, NDArray latent) {
    Shape xs = x.getShape();
    long n = xs.get(0);
    long in = xs.get(1);
    NDArray style = modulation.apply(latent).reshape(n, 1, in, 1, 1);
    NDArray w = style.mul(weight);
    if (demodulate) {
      w.muli(w.square().sum(new int[] {2, 3, 4}, true).addi(DEMOD_EPS).pow(-0.5f));
    }
    w = w.reshape(n * outChannels, in, kernel, kernel);
    NDArray grouped = x.reshape(1, n * in, xs.get(2), xs.get(3));
    if (blur == null) {
      return Ops.conv2d(grouped, w, 1, kernel / 2, (int) n).reshape(n, outChannels, xs.get(2), xs.get(3));
    }
    return upsample(grouped, w, n, xs.get(2), xs.get(3));
  }

  /**
   * conv_transpose2d(stride 2) then blur with padding (1, 1). The transposed conv equals a
   * correlation of the zero-stuffed input with the flipped kernel {@code w}; output phase r (per
   * axis) only meets taps {@code r::2}. With padding 1 each phase conv yields h+1 (phase 0) or
   * h+2 (phase 1, cropped from 1) samples, so the interleaved image is the (2h+1)-sample transposed
   * output plus one trailing zero, which is exactly the blur's right padding.
   */
  private NDArray upsample(NDArray grouped, NDArray w, long n, long h, long wd) {
    NDArray[][] phases = new NDArray[2][2];
    for (int ry = 0; ry < 2; ry++) {
      for (int rx = 0; rx < 2; rx++) {
        NDArray taps = w.get(new NDIndex(":, :, {}::2, {}::2", ry, rx));
        phases[ry][rx] = Ops.crop(Ops.conv2d(grouped, taps, 1, 1, (int) n), ry, h + 1, rx, wd + 1);
      }
    }
    NDArray stuffed = Ops.interleave(phases).reshape(n, outChannels, 2 * h + 2, 2 * wd + 2);
    return Ops.crop(Ops.conv2d(stuffed, blur, 1, 1, outChannels), 0, 2 * h, 0, 2 * wd);
  }
}
