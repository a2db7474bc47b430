package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;

/**
 * StyleGAN2's ToRGB: a modulated 1x1 conv to 3 channels plus bias, plus the previous RGB skip
 * upsampled by upfirdn2d(up=2, pad=(2, 1)) with the [1,3,3,1] kernel. The upsampling runs per
 * output phase (each phase a 2x2 depthwise conv), so no zeros are inserted.
 */
final class ToRgb {
  private static final int RGB = 3;

  private final ModulatedConv conv;
  private final NDArray bias;

  /** Upsampling taps per output phase [ry][rx], or null for the first ToRGB. */
  private final NDArray[][] skipPhases;

  private ToRgb(Weights weights, String prefix, boolean upsample) {
    this.conv = ModulatedConv.toRgb(weights, prefix + "conv");
    this.bias = weights.reshaped(prefix + "bias", 1, RGB, 1, 1);
    this.skipPhases = upsample ? new NDArray[2][2] : null;
    if (upsample) {
      for (int ry = 0; ry < 2; ry++) {
        for (int rx = 0; rx < 2; rx++) {
          skipPhases[ry][rx] = weights.depthwiseFirPhase(prefix + "upsample.kernel", RGB, ry, rx);
        }
      }
    }
  }

  static ToRgb first(Weights weights, String prefix) {
    return new ToRgb(weights, prefix, false);
  }

  static ToRgb upsampling(Weights weights, String prefix) {
    return new ToRgb(weights, prefix, true);
  }

  /** x [N, C, H, W], previous skip [N, 3, H/2, W/2] (null for the first): [N, 3, H, W]. */
  NDArray apply(NDArray x, NDArray latent, NDArray skip) {
    return Ops.scoped(
        () -> {
          NDArray out = conv.apply(x, latent).addi(bias);
          return skip == null ? out : out.addi(upsampleSkip(skip));
        },
        x,
        latent,
        skip);
  }

  /**
   * Output sample 2m+r of upfirdn2d(up=2, pad0=2) meets the flipped taps r::2 at inputs m-1+r and
   * m+r: with padding 1, phase r is the conv output cropped from r.
   */
  private NDArray upsampleSkip(NDArray skip) {
    long h = skip.getShape().get(2);
    long w = skip.getShape().get(3);
    NDArray[][] phases = new NDArray[2][2];
    for (int ry = 0; ry < 2; ry++) {
      for (int rx = 0; rx < 2; rx++) {
        phases[ry][rx] = Ops.crop(Ops.conv2d(skip, skipPhases[ry][rx], 1, 1, RGB), ry, h, rx, w);
      }
    }
    return Ops.interleave(phases);
  }
}
