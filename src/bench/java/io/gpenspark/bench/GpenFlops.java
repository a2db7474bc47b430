package io.gpenspark.bench;

import io.gpenspark.model.gpen.GpenConfig;

/**
 * Floating-point operations of one GPEN forward per face, counted the way the reference computes it
 * (a multiply-add is 2): the convolutions (encoder, modulated and transposed convolutions, ToRGB),
 * the FIR blurs and the linear layers; element-wise work is left out. Used to express a measured
 * time as GFLOP/s against the machine's peak.
 */
public final class GpenFlops {
  private static final int BLUR_TAPS = 16;

  private GpenFlops() {}

  public static double perFace(GpenConfig c) {
    double flops = 0;
    int size = c.size();
    // Encoder: ecd0 1x1 at full size, then blur (pad 2: (r+1)^2 outputs) and 3x3 stride 2.
    flops += conv(3, c.channels(size), 1, (double) size * size);
    for (int i = 1; i <= c.logSize() - 2; i++) {
      int r = size >> (i - 1);
      int in = c.channels(r);
      int out = c.channels(r / 2);
      flops += 2.0 * BLUR_TAPS * in * (r + 1.0) * (r + 1.0);
      flops += conv(in, out, 9, (r / 2.0) * (r / 2.0));
    }
    flops += 2.0 * c.channels(4) * 16 * GpenConfig.STYLE_DIM; // final_linear
    flops += 2.0 * GpenConfig.MAPPING_LAYERS * GpenConfig.STYLE_DIM * GpenConfig.STYLE_DIM;
    // Decoder: conv1 at 4x4 on [x, noise], to_rgb1, then per resolution an upsampling conv
    // (transposed 3x3 over the input pixels, then the 4x4 blur over the padded output), a 3x3
    // conv, and a ToRGB with the 4x4 upsampling of the RGB skip.
    int c4 = c.channels(4);
    flops += modulation(c4) + conv(c4, c4, 9, 16);
    flops += modulation(2 * c4) + conv(2 * c4, 3, 1, 16);
    int in = c4;
    for (int i = 3; i <= c.logSize(); i++) {
      int r = 1 << i;
      int out = c.channels(r);
      double half = (r / 2.0) * (r / 2.0);
      flops += modulation(2 * in) + conv(2 * in, out, 9, half);
      flops += 2.0 * BLUR_TAPS * out * (r + 1.0) * (r + 1.0);
      flops += modulation(2 * out) + conv(2 * out, out, 9, (double) r * r);
      flops += modulation(2 * out) + conv(2 * out, 3, 1, (double) r * r);
      flops += 2.0 * BLUR_TAPS * 3 * r * r; // upfirdn2d of the RGB skip (zero-stuffed)
      in = out;
    }
    return flops;
  }

  private static double conv(int in, int out, int taps, double pixels) {
    return 2.0 * in * out * taps * pixels;
  }

  private static double modulation(int in) {
    return 2.0 * GpenConfig.STYLE_DIM * in;
  }
}
