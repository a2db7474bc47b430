package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A 3x3 convolution, stride 1, padding 1, by Winograd's minimal filtering F(2x2, 3x3) (Lavin and
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016). Each 2x2 output tile is {@code
 * A^T [U ⊙ (B^T d B)] A} for its 4x4 input tile d and the transformed kernel {@code U = G g G^T}:
 * the 9 multiply-adds per output pixel and channel pair become 4, spent in 16 1x1 convolutions (one
 * per tile position), which are plain matrix products run as such ({@link Ops#conv1x1}: sgemm, near
 * the machine's GEMM rate, and never oneDNN's 1x1 convolution). The transforms only add, subtract
 * and halve, so the result differs from the direct convolution by float32 rounding alone (a few
 * 1e-6 on unit-scale activations).
 *
 * <p>It pays where the layer has many channels (GPEN-512 at 8 to 128 px: 1.3 to 1.8x faster than
 * oneDNN's direct convolution here); with few channels the transforms' memory traffic outweighs the
 * saved multiplications, so {@link ModulatedConv} keeps the direct convolution there.
 */
final class WinogradConv {
  private static final int TILE = 2;

  /** G, the 4x3 filter transform of F(2, 3). */
  private static final float[][] G = {
    {1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}
  };

  /** U[4a+b] = (G g G^T)[a][b] per (out, in) pair, as [out, in, 1, 1]. */
  private final NDArray[] transformed;

  WinogradConv(NDArray[] transformed) {
    if (transformed.length != 16) {
      throw new IllegalArgumentException("F(2x2, 3x3) has 16 tile positions");
    }
    this.transformed = transformed;
  }

  /**
   * The 16 planes of {@code G g G^T} for kernels {@code [out * in][3 * 3]} laid out row-major as
   * [out, in, 3, 3]: plane 4a+b holds {@code out * in} values in the same (out, in) order.
   */
  static float[][] transformKernels(float[] kernels) {
    int pairs = kernels.length / 9;
    float[][] planes = new float[16][pairs];
    float[][] gg = new float[4][3];
    for (int p = 0; p < pairs; p++) {
      for (int a = 0; a < 4; a++) {
        for (int j = 0; j < 3; j++) {
          float v = 0;
          for (int i = 0; i < 3; i++) {
            v += G[a][i] * kernels[p * 9 + i * 3 + j];
          }
          gg[a][j] = v;
        }
      }
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          float v = 0;
          for (int j = 0; j < 3; j++) {
            v += gg[a][j] * G[b][j];
          }
          planes[a * 4 + b][p] = v;
        }
      }
    }
    return planes;
  }

  /** x [N, in, H, W] with H and W even: [N, out, H, W] (channels-last). */
  NDArray apply(NDArray x) {
    Shape s = x.getShape();
    long h = s.get(2);
    long w = s.get(3);
    if (h % TILE != 0 || w % TILE != 0) {
      throw new IllegalArgumentException("F(2x2, 3x3) needs an even height and width, not " + s);
    }
    // Zero padding of 1 around a channels-last copy.
    NDArray padded = Ops.pad(x, 1, null);

    // B^T d B, rows then columns: tile row i covers padded rows 2i..2i+3.
    NDArray[] rows = inputTransform(padded, 2, h);
    NDArray[] products = new NDArray[16];
    for (int a = 0; a < 4; a++) {
      NDArray[] tiles = inputTransform(rows[a], 3, w);
      for (int b = 0; b < 4; b++) {
        products[a * 4 + b] = Ops.conv1x1(tiles[b], transformed[a * 4 + b], null);
      }
    }

    // A^T M A with A^T = [[1, 1, 1, 0], [0, 1, -1, -1]], rows then columns.
    NDArray[][] half = new NDArray[2][4];
    for (int b = 0; b < 4; b++) {
      NDArray[] column = {products[b], products[4 + b], products[8 + b], products[12 + b]};
      half[0][b] = outputTransform(column, 0);
      half[1][b] = outputTransform(column, 1);
    }
    NDArray[][] phases = new NDArray[2][2];
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 2; q++) {
        phases[p][q] = outputTransform(half[p], q);
      }
    }
    return Ops.interleave(phases);
  }

  /**
   * B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]] along {@code axis} (2 rows, 3
   * columns) of a padded array: the four transformed planes, each with {@code length / 2} tiles
   * along that axis.
   */
  private static NDArray[] inputTransform(NDArray padded, int axis, long length) {
    NDArray[] d = new NDArray[4];
    for (int u = 0; u < 4; u++) {
      String slice = u + ":" + (u + length - 1) + ":2";
      d[u] = padded.get(new NDIndex(axis == 2 ? ":, :, " + slice + ", :" : ":, :, :, " + slice));
    }
    return new NDArray[] {d[0].sub(d[2]), d[1].add(d[2]), d[2].sub(d[1]), d[1].sub(d[3])};
  }

  /** Row {@code p} of A^T applied to four planes: m0 + m1 + m2, or m1 - m2 - m3. */
  private static NDArray outputTransform(NDArray[] m, int p) {
    return p == 0 ? m[0].add(m[1]).addi(m[2]) : m[1].sub(m[2]).subi(m[3]);
  }
}
