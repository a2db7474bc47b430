package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * One encoder stage of FullGenerator, GPEN's ConvLayer: {@code ecd0} is a 1x1 conv; the others blur
 * (pad 2) then run a 3x3 stride-2 conv. Both end in a fused leaky ReLU with bias.
 */
final class EncoderLayer {
  /** ConvLayer's blur padding: ((taps - 2) + (3 - 1)) / 2 on each side. */
  private static final int BLUR_PADDING = 2;

  private final NDArray blur;
  private final NDArray weight;
  private final NDArray bias;
  private final int stride;

  private EncoderLayer(NDArray blur, NDArray weight, NDArray bias, int stride) {
    this.blur = blur;
    this.weight = weight;
    this.bias = bias;
    this.stride = stride;
  }

  /** {@code ecd0}: 3 to channels(size), 1x1. */
  static EncoderLayer first(Weights weights) {
    return new EncoderLayer(
        null, equalConv(weights, "ecd0.0.0.weight"), weights.scaled("ecd0.0.1.bias", Ops.SQRT2), 1);
  }

  /** {@code ecd<i>}, i >= 1: halves the resolution. */
  static EncoderLayer downsampling(Weights weights, int i) {
    String p = "ecd" + i + ".0.";
    int in = (int) weights.shape(p + "1.weight")[1];
    return new EncoderLayer(
        weights.depthwiseFir(p + "0.kernel", in),
        equalConv(weights, p + "1.weight"),
        weights.scaled(p + "2.bias", Ops.SQRT2),
        2);
  }

  NDArray apply(NDArray x) {
    return Ops.scoped(
        () -> {
          NDArray in =
              blur == null
                  ? x
                  : Ops.conv2d(x, blur, null, 1, BLUR_PADDING, (int) x.getShape().get(1));
          // The bias rides in the conv; fused_leaky_relu adds it before the activation all the
          // same.
          return Activation.leakyRelu(
              Ops.conv2d(in, weight, bias, stride, 0, 1), Ops.NEGATIVE_SLOPE);
        },
        x);
  }

  private static NDArray equalConv(Weights weights, String name) {
    long[] s = weights.shape(name);
    return weights.conv(name, (float) (1 / Math.sqrt(s[1] * s[2] * s[3])) * Ops.SQRT2);
  }
}
