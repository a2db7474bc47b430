package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The StyleGAN2 mapping network: PixelNorm, then 8 EqualLinear layers (lr_mul 0.01, leaky ReLU).
 */
final class MappingNetwork {
  private static final double LR_MUL = 0.01;
  private static final float PIXEL_NORM_EPS = 1e-8f;

  private final List<EqualLinear> layers = new ArrayList<>();

  MappingNetwork(Weights weights) {
    for (int i = 1; i <= GpenConfig.MAPPING_LAYERS; i++) {
      layers.add(new EqualLinear(weights, "generator.style." + i, LR_MUL, true));
    }
  }

  /** [N, 512] code to [N, 512] latent w. */
  NDArray apply(NDArray z) {
    NDArray rms = z.square().mean(new int[] {1}, true).addi(PIXEL_NORM_EPS).sqrt();
    NDArray w = z.div(rms);
    for (EqualLinear layer : layers) {
      w = layer.apply(w);
    }
    return w;
  }
}
