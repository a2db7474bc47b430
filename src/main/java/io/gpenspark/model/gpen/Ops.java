package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

  /**
   * 2-D cross-correlation with square stride and padding; {@code bias} [out] may be null. Convs
   * that PyTorch would not give to oneDNN ({@link #oneDnnTakes}) run as matrix products here,
   * because PyTorch checks NNPACK for them next: on CPUs whose CPUID reports no cache sizes NNPACK
   * cannot initialise, and PyTorch 2.7 then logs "Could not initialize NNPACK! Reason: Unsupported
   * hardware." at every such conv (10 lines per GPEN forward at one thread).
   */
  static NDArray conv2d(
      NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
    Shape k = weight.getShape();
    if (stride == 1 && groups == 1 && k.get(2) == 1 && k.get(3) == 1) {
      NDArray y = conv1x1(x, weight, bias);
      // A 1x1 conv sees only zeros in the padding: the border is the bias.
      return padding == 0 ? y : pad(y, padding, bias);
    }
    if (groups == 1 && !oneDnnTakes(x.getShape(), k, stride, groups)) {
      return convByMatMul(x, weight, bias, stride, padding);
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
   * Whether PyTorch 2.7's CPU convolution gives an fp32, undilated conv of input {@code x} with
   * kernel {@code k} to oneDNN at one intra-op thread ({@code ConvParams::use_mkldnn}: it keeps
   * unstrided 1x1 kernels below 16 images, and small inputs with kernels up to 3x3, for its own
   * code). What it does not take reaches {@code use_nnpack}, whose first test is {@code
   * at::_nnpack_available()}. More threads only add unstrided 1x1 kernels, which {@link #conv2d}
   * never passes on.
   */
  static boolean oneDnnTakes(Shape x, Shape k, int stride, int groups) {
    boolean notPointwise = stride > 1 || x.get(0) >= 16 || k.get(2) != 1 || k.get(3) != 1;
    boolean large =
        groups > 1 || (k.get(2) > 3 && k.get(3) > 3) || x.get(0) > 1 || x.size() > 20480;
    return notPointwise && large;
  }

  /**
   * A convolution (groups 1) as one matrix product: each output pixel's taps in (kh, kw, in) order
   * as rows [N*Ho*Wo, kh*kw*in] (im2col), times the kernel as [kh*kw*in, out], the sums PyTorch's
   * own fallback (slow_conv2d) computes on channels-last input, in the same order. The rows hold
   * kh*kw copies of the input, so it is for the small convs oneDNN leaves alone. Result: [N, out,
   * Ho, Wo], channels-last.
   */
  static NDArray convByMatMul(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
    Shape s = x.getShape();
    Shape k = weight.getShape();
    long out = k.get(0);
    long kh = k.get(2);
    long kw = k.get(3);
    long oh = (s.get(2) + 2L * padding - kh) / stride + 1;
    long ow = (s.get(3) + 2L * padding - kw) / stride + 1;
    NDArray in = padding == 0 ? x : pad(x, padding, null);
    NDList taps = new NDList();
    for (long a = 0; a < kh; a++) {
      for (long b = 0; b < kw; b++) {
        NDIndex tap =
            new NDIndex(
                ":, :, {}:{}:{}, {}:{}:{}",
                a,
                a + stride * (oh - 1) + 1,
                stride,
                b,
                b + stride * (ow - 1) + 1,
                stride);
        taps.add(in.get(tap).transpose(0, 2, 3, 1));
      }
    }
    // [N, Ho, Wo, taps, in]: each tap's channels stay one contiguous run.
    NDArray rows = NDArrays.stack(taps, 3).reshape(-1, kh * kw * s.get(1));
    NDArray y = rows.matMul(matrix(weight, x.getManager()));
    if (bias != null) {
      y.addi(bias);
    }
    return y.reshape(s.get(0), oh, ow, out).transpose(0, 3, 1, 2);
  }

  /**
   * {@code x} [N, C, H, W] inside a channels-last frame of {@code padding} pixels holding {@code
   * fill} [C] (zeros when null).
   */
  static NDArray pad(NDArray x, int padding, NDArray fill) {
    Shape s = x.getShape();
    long h = s.get(2);
    long w = s.get(3);
    NDArray framed =
        x.getManager()
            .zeros(
                new Shape(s.get(0), h + 2L * padding, w + 2L * padding, s.get(1)), x.getDataType());
    if (fill != null) {
      framed.addi(fill);
    }
    framed = framed.transpose(0, 3, 1, 2);
    framed.set(new NDIndex(":, :, {}:{}, {}:{}", padding, padding + h, padding, padding + w), x);
    return framed;
  }

  /**
   * A 1x1 convolution (stride 1, no padding) as one matrix product of the channels-last pixels
   * [N*H*W, in] with the kernel [in, out] (sgemm): the same sums as the convolution. It keeps every
   * 1x1 conv off oneDNN's brgemm 1x1 convolution, which PyTorch uses for them with more than one
   * intra-op thread or 16+ images, and whose blocking heuristic divides an integer by zero (SIGFPE,
   * the JVM dies) on CPUs that report no cache sizes, e.g. AMD VMs without CPUID leaf 0x8000001D:
   * oneDNN then takes every cache to be 1 byte, picks a register block taller than the pixel block,
   * and {@code est_eff_1x1} divides by the resulting zero block count for 1024->512 channels
   * (GPEN-512's Winograd products) among others. Channels-last input needs no copy. Result: [N,
   * out, H, W], channels-last.
   */
  static NDArray conv1x1(NDArray x, NDArray weight, NDArray bias) {
    Shape s = x.getShape();
    long out = weight.getShape().get(0);
    NDArray pixels = x.transpose(0, 2, 3, 1).reshape(-1, s.get(1));
    NDArray y = pixels.matMul(matrix(weight, x.getManager()));
    if (bias != null) {
      y.addi(bias);
    }
    return y.reshape(s.get(0), s.get(2), s.get(3), out).transpose(0, 3, 1, 2);
  }

  /**
   * {@code weight} [out, in, kh, kw] as the matrix [kh*kw*in, out] (rows in (kh, kw, in) order), a
   * transposed view that sgemm reads without a copy (1x1 kernels need none at all), made in {@code
   * manager}: an operation's result joins its array's manager, so views made from the weights
   * directly would pile up in the model's manager at every conv.
   */
  private static NDArray matrix(NDArray weight, NDManager manager) {
    NDArray channelsLast = weight.transpose(0, 2, 3, 1);
    channelsLast.attach(manager);
    return channelsLast.reshape(weight.getShape().get(0), -1).transpose();
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
            .create(
                new Shape(s.get(0), 2 * s.get(2), 2 * s.get(3), s.get(1)),
                phases[0][0].getDataType())
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
