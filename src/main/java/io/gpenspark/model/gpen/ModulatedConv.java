package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * StyleGAN2's ModulatedConv2d as GPEN uses it. The style scales the input channels and demodulation
 * rescales the output channels. For a single face whose activations outweigh the weights, both are
 * folded into the face's weights as the reference does; otherwise they scale the activations around
 * one convolution of the whole batch with the unmodulated weights (a batched conv beats one per
 * face, and the small layers' activations are cheaper to scale than their weights). The upsampling
 * variant (transposed 3x3 conv, stride 2, then a 4x4 blur) runs without zero insertion: each of the
 * four output phases is an ordinary conv of the input with a subset of the flipped taps. Layers
 * with many channels run their 3x3 conv by Winograd's F(2x2, 3x3) ({@link WinogradConv}), always
 * with the style on the activations.
 */
final class ModulatedConv {
  private static final float DEMOD_EPS = 1e-8f;

  private final EqualLinear modulation;

  /**
   * The fewest input channels for which a 3x3 conv at constant resolution runs by Winograd: from
   * 512 (GPEN-512 at 8 to 128 px) it beats oneDNN's direct conv by 1.3 to 1.8x on this project's
   * benchmark machine, at 256 and below it loses.
   */
  static final int WINOGRAD_MIN_CHANNELS = 512;

  /** scale * weight, [out, in, k, k]; null when upsampling or by Winograd. */
  private final NDArray kernel;

  /** The 3x3 conv by Winograd, or null. */
  private final WinogradConv winograd;

  /** Upsampling: flipped scale * weight taps [ry::2, rx::2] per output phase; else null. */
  private final NDArray[][] phaseKernels;

  /** Sum over taps of (scale * weight)^2 as [in, out]; null without demodulation. */
  private final NDArray tapEnergy;

  /** Depthwise blur after the transposed conv, or null. */
  private final NDArray blur;

  private final int outChannels;
  private final int kernelSize;

  /** Factor on the demodulated output (the fused_leaky_relu gain that follows). */
  private final float gain;

  private ModulatedConv(
      Weights weights,
      String prefix,
      boolean demodulate,
      boolean upsample,
      float gain,
      int winogradMinChannels) {
    String name = prefix + ".weight";
    long[] s = weights.shape(name);
    this.outChannels = (int) s[1];
    this.kernelSize = (int) s[3];
    float scale = (float) (1 / Math.sqrt(s[2] * s[3] * s[4]));
    this.gain = gain;
    this.modulation = new EqualLinear(weights, prefix + ".modulation", 1, false);
    this.tapEnergy = demodulate ? weights.tapEnergyTransposed(name, scale) : null;
    boolean byWinograd = !upsample && kernelSize == 3 && s[2] >= winogradMinChannels;
    this.winograd = byWinograd ? weights.winogradConv(name, scale) : null;
    if (upsample) {
      this.kernel = null;
      this.phaseKernels = new NDArray[2][2];
      for (int ry = 0; ry < 2; ry++) {
        for (int rx = 0; rx < 2; rx++) {
          phaseKernels[ry][rx] = weights.convPhase(name, scale, ry, rx);
        }
      }
      this.blur = weights.depthwiseFir(prefix + ".blur.kernel", outChannels);
    } else {
      this.kernel = byWinograd ? null : weights.conv(name, scale);
      this.phaseKernels = null;
      this.blur = null;
    }
  }

  /**
   * A 3x3 demodulated conv at constant resolution, output times {@code gain}; by Winograd from
   * {@code winogradMinChannels} input channels.
   */
  static ModulatedConv same(Weights weights, String prefix, float gain, int winogradMinChannels) {
    return new ModulatedConv(weights, prefix, true, false, gain, winogradMinChannels);
  }

  /** A 3x3 demodulated conv that doubles the resolution, output times {@code gain}. */
  static ModulatedConv upsampling(Weights weights, String prefix, float gain) {
    return new ModulatedConv(weights, prefix, true, true, gain, Integer.MAX_VALUE);
  }

  /** ToRGB's 1x1 conv, modulated but not demodulated. */
  static ModulatedConv toRgb(Weights weights, String prefix) {
    return new ModulatedConv(weights, prefix, false, false, 1, Integer.MAX_VALUE);
  }

  /** x [N, in, H, W], latent [N, 512]: [N, out, H, W], or [N, out, 2H, 2W] when upsampling. */
  NDArray apply(NDArray x, NDArray latent) {
    Shape xs = x.getShape();
    long n = xs.get(0);
    long in = xs.get(1);
    NDArray style = modulation.apply(latent);
    // rsqrt(sum over in and taps of (scale * w * style)^2 + eps), per sample and output channel.
    NDArray demod =
        tapEnergy == null
            ? null
            : style.square().matMul(tapEnergy).addi(DEMOD_EPS).pow(-0.5f).muli(gain);
    if (winograd == null
        && n == 1
        && xs.get(2) * xs.get(3) >= (long) outChannels * kernelSize * kernelSize) {
      NDList faces = new NDList();
      for (long i = 0; i < n; i++) {
        NDIndex face = new NDIndex("{}:{}", i, i + 1);
        faces.add(
            applyModulatedWeights(
                x.get(face), style.get(face), demod == null ? null : demod.get(face)));
      }
      return n == 1 ? faces.head() : NDArrays.concat(faces);
    }
    NDArray scaled = x.mul(style.reshape(n, in, 1, 1));
    NDArray out;
    if (winograd != null) {
      out = winograd.apply(scaled);
    } else if (kernel != null) {
      out = Ops.conv2d(scaled, kernel, 1, kernelSize / 2, 1);
    } else {
      out = upsample(scaled, phaseKernels);
    }
    return demod == null ? out : out.muli(demod.reshape(n, outChannels, 1, 1));
  }

  /** One face, style [1, in] and demod [1, out] (or null) folded into the weights. */
  private NDArray applyModulatedWeights(NDArray x, NDArray style, NDArray demod) {
    NDArray s = style.reshape(1, -1, 1, 1);
    NDArray d = demod == null ? null : demod.reshape(outChannels, 1, 1, 1);
    if (kernel != null) {
      return Ops.conv2d(x, modulate(kernel, s, d), 1, kernelSize / 2, 1);
    }
    NDArray[][] modulated = new NDArray[2][2];
    for (int ry = 0; ry < 2; ry++) {
      for (int rx = 0; rx < 2; rx++) {
        modulated[ry][rx] = modulate(phaseKernels[ry][rx], s, d);
      }
    }
    return upsample(x, modulated);
  }

  /** scale * w * style (* demod) for a single sample: [out, in, kh, kw]. */
  private static NDArray modulate(NDArray w, NDArray style, NDArray demod) {
    NDArray m = style.mul(w);
    return demod == null ? m : m.muli(demod);
  }

  /**
   * conv_transpose2d(stride 2) then blur with padding (1, 1). The transposed conv equals a
   * correlation of the zero-stuffed input with the flipped kernel; output phase r (per axis) only
   * meets taps {@code r::2}. With padding 1 each phase conv yields h+1 (phase 0) or h+2 (phase 1,
   * cropped from 1) samples, so the interleaved image is the (2h+1)-sample transposed output plus
   * one trailing zero, which is exactly the blur's right padding.
   */
  private NDArray upsample(NDArray x, NDArray[][] phases) {
    Shape xs = x.getShape();
    long h = xs.get(2);
    long w = xs.get(3);
    NDArray[][] out = new NDArray[2][2];
    for (int ry = 0; ry < 2; ry++) {
      for (int rx = 0; rx < 2; rx++) {
        out[ry][rx] = Ops.crop(Ops.conv2d(x, phases[ry][rx], 1, 1, 1), ry, h + 1, rx, w + 1);
      }
    }
    NDArray stuffed = Ops.interleave(out);
    return Ops.crop(Ops.conv2d(stuffed, blur, 1, 1, outChannels), 0, 2 * h, 0, 2 * w);
  }
}
