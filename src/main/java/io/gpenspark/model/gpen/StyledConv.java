package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;

/**
 * GPEN's StyledConv: modulated conv, then NoiseInjection in concat mode (the encoder feature
 * scaled by the learnt weight is appended as extra channels, doubling them), then fused leaky
 * ReLU over both halves.
 */
final class StyledConv {
  private final ModulatedConv conv;
  private final float noiseWeight;
  private final NDArray bias;

  StyledConv(Weights weights, String prefix, boolean upsample) {
    this.conv = upsample
        ? ModulatedConv.upsampling(weights, prefix + "conv")
        : ModulatedConv.same(weights, prefix + "conv");
    this.noiseWeight = weights.scalar(prefix + "noise.weight");
    this.bias = weights.channelBias(prefix + "activate.bias");
  }

  /** x [N, C, H, W], encoder feature {@code noise} at the output resolution, latent [N, 512]. */
  NDArray apply(NDArray x, NDArray noise, NDArray latent) {
    return Ops.scoped(() -> {
      NDArray out = conv.apply(x, latent);
      return Ops.fusedLeakyRelu(out.concat(noise.mul(noiseWeight), 1), bias);
    }, x, noise, latent);
  }
}
