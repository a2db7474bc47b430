package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * GPEN's StyledConv: modulated conv, then NoiseInjection in concat mode (the encoder feature scaled
 * by the learnt weight is appended as extra channels, doubling them), then fused leaky ReLU over
 * both halves (its sqrt(2) gain folded into the conv, noise weight and bias).
 */
final class StyledConv {
  private final ModulatedConv conv;
  private final float noiseWeight;
  private final NDArray bias;

  /** {@code winogradMinChannels}: see {@link ModulatedConv#same}. */
  StyledConv(Weights weights, String prefix, boolean upsample, int winogradMinChannels) {
    this.conv =
        upsample
            ? ModulatedConv.upsampling(weights, prefix + "conv", Ops.SQRT2)
            : ModulatedConv.same(weights, prefix + "conv", Ops.SQRT2, winogradMinChannels);
    this.noiseWeight = weights.scalar(prefix + "noise.weight") * Ops.SQRT2;
    this.bias = weights.channelBias(prefix + "activate.bias", Ops.SQRT2);
  }

  /** x [N, C, H, W], encoder feature {@code noise} at the output resolution, latent [N, 512]. */
  NDArray apply(NDArray x, NDArray noise, NDArray latent) {
    return Ops.scoped(
        () -> {
          NDArray out = conv.apply(x, latent);
          long channels = out.getShape().get(1);
          NDArray injected = out.concat(noise, 1);
          injected.get(new NDIndex(":, {}:", channels)).muli(noiseWeight);
          return Ops.fusedLeakyRelu(injected, bias);
        },
        x,
        noise,
        latent);
  }
}
