package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;

/** GPEN's EqualLinear: a linear layer with equalized learning rate, optionally fused leaky ReLU. */
final class EqualLinear {
  private final NDArray weightT;
  private final NDArray bias;
  private final boolean activate;

  /** The layer at {@code prefix} ({@code prefix.weight} [out, in], {@code prefix.bias} [out]). */
  EqualLinear(Weights weights, String prefix, double lrMul, boolean activate) {
    long in = weights.shape(prefix + ".weight")[1];
    float gain = activate ? Ops.SQRT2 : 1;
    this.weightT =
        weights.linearTransposed(prefix + ".weight", (float) (1 / Math.sqrt(in) * lrMul) * gain);
    this.bias = weights.scaled(prefix + ".bias", (float) lrMul * gain);
    this.activate = activate;
  }

  /** [N, in] to [N, out]. */
  NDArray apply(NDArray x) {
    NDArray y = x.matMul(weightT);
    return activate ? Ops.fusedLeakyRelu(y, bias) : y.addi(bias);
  }
}
