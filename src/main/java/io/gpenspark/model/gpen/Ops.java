package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.function.Supplier;

/** The NDArray operations the generator is built from. */
final class Ops {
  /**
   * FusedLeakyReLU's gain. Leaky ReLU is positively homogeneous, so sqrt(2) * lrelu(v + b) =
   * lrelu(sqrt(2) v + sqrt(2) b): every layer that ends in fused_leaky_relu carries the gain in its
   * weights and bias instead of spending a pass over its output on it.
   */
  static final float SQRT2 = (float) Math.sqrt(2);

  static final float NEGATIVE_SLOPE = 0.2f;

  private Ops() {}

  static NDArray conv2d(NDArray x, NDArray weight, int stride, int padding, int groups) {
    return conv2d(x, weight, null, stride, padding, groups);
  }

  /** 2-D cross-correlation with square stride and padding; {@code bias} [out] may be null. */
  static NDArray conv2d(
      NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
    Shape k = weight.getShape();
    if (stride == 1 && padding == 0 && groups == 1 && k.get(2) == 1 && k.get(3) == 1) {
      return conv1x1(x, weight, bias);
    }
    return Conv2d.conv2d(
            x,
            weight,
            bias,
            new Shape(stride, stride),
            new Shape(padding, padding),
            new Shape(1, 1),
            groups)
        .singletonOrThrow();
  }

  /**
   * A 1x1 convolution (stride 1, no padding) as one matrix product of the channels-last pixels
   * [N*H*W, in] with the kernel [in, out] (sgemm): the same sums as the convolution. It keeps every
   * 1x1 conv off oneDNN's brgemm 1x1 convolution, which PyTorch uses for them with more than one
   * intra-op thread or 16+ images, and whose blocking heuristic divides an integer by zero (SIGFPE,
   * the JVM dies) on CPUs that report no cache sizes, e.g. AMD VMs without CPUID leaf 0x8000001D:
   * oneDNN then takes every cache to be 1 byte, picks a register block taller than the pixel block,
   * and {@code est_eff_1x1} divides by the resulting zero block count for 1024->512 channels
   * (GPEN-512's Winograd products) among others. Channels-last input needs no copy.
   * Result: [N, out, H, W], channels-last.
   */
  static NDArray conv1x1(NDArray x, NDArray weight, NDArray bias) {
    Shape s = x.getShape();
    long out = weight.getShape().get(0);
    // [out, in, 1, 1] -> [in, out] as a transposed view: sgemm reads it without a copy. The views
    // belong to the forward's manager, not the weights' (which live as long as the model).
    NDArray flat = weight.reshape(out, s.get(1));
    flat.attach(x.getManager());
    NDArray w = flat.transpose();
    NDArray y = x.transpose(0, 2, 3, 1).reshape(-1, s.get(1)).matMul(w);
    if (bias != null) {
      y.addi(bias);
    }
    return y.reshape(s.get(0), s.get(2), s.get(3), out).transpose(0, 3, 1, 2);
  }

  /**
   * {@code fused_leaky_relu} given {@code x} and {@code bias} already scaled by {@link #SQRT2}:
   * leaky_relu(x + bias, 0.2). Overwrites {@code x}, which must be a temporary of the caller.
   */
  static NDArray fusedLeakyRelu(NDArray x, NDArray bias) {
    return Activation.leakyRelu(x.addi(bias), NEGATIVE_SLOPE);
  }

  /** {@code x[..., rowStart:rowStart+rows, colStart:colStart+cols]} as a view. */
  static NDArray crop(NDArray x, long rowStart, long rows, long colStart, long cols) {
    return x.get(
        new NDIndex("..., {}:{}, {}:{}", rowStart, rowStart + rows, colStart, colStart + cols));
  }

  /**
   * The same values in channels-last memory (NHWC, still indexed as NCHW). PyTorch's CPU
   * convolutions (oneDNN) run several times faster on it, depthwise ones above all, and
   * element-wise ops, concatenation and convolutions keep the layout.
   */
  static NDArray channelsLast(NDArray x) {
    Shape s = x.getShape();
    // Merging W and C of the NHWC view cannot be a view: reshape copies into NHWC order.
    return x.transpose(0, 2, 3, 1)
        .reshape(s.get(0), s.get(2), s.get(3) * s.get(1))
        .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
        .transpose(0, 3, 1, 2);
  }

  /** The same values in plain row-major NCHW memory. */
  static NDArray contiguous(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), -1).reshape(s);
  }

  /**
   * Interleaves four phase images {@code phases[ry][rx]} of shape [N, C, h, w] into one
   * channels-last [N, C, 2h, 2w] image whose pixel (2i+ry, 2j+rx) is {@code phases[ry][rx]} at (i,
   * j): one strided write each.
   */
  static NDArray interleave(NDArray[][] phases) {
    Shape s = phases[0][0].getShape();
    NDArray out =
        phases[0][0]
            .getManager()
            .create(new Shape(s.get(0), 2 * s.get(2), 2 * s.get(3), s.get(1)), phases[0][0].getDataType())
            .transpose(0, 3, 1, 2);
    for (int ry = 0; ry < 2; ry++) {
      for (int rx = 0; rx < 2; rx++) {
        out.set(new NDIndex(":, :, {}::2, {}::2", ry, rx), phases[ry][rx]);
      }
    }
    return out;
  }

  /**
   * Runs one layer with its inputs temporarily attached to a new sub-manager: the result goes to
   * the first input's manager, every other array the layer made is freed on return. Layers must
   * only call operations on their inputs and results (never on weights), so that nothing lands in
   * the model's manager.
   */
  static NDArray scoped(Supplier<NDArray> layer, NDArray... inputs) {
    try (NDManager scope = inputs[0].getManager().newSubManager()) {
      for (NDArray input : inputs) {
        if (input != null) {
          input.tempAttach(scope);
        }
      }
      return scope.ret(layer.get());
    }
  }
}
