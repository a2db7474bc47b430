package io.gpenspark.restore;

import io.gpenspark.restore.RestoreSettings.OutputRounding;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Between 8-bit BGR face crops and the model's batches: NCHW, RGB, {@code (x/255 − 0.5)/0.5} in,
 * raw output back through {@code clip(y·0.5 + 0.5, 0, 1)·255}. The float32 arithmetic follows
 * GPEN's {@code img2tensor}/{@code tensor2img} step by step, so results match the reference.
 */
final class FaceTensors {
  /** The normalised value of every 8-bit level. */
  private static final float[] NORMALISED = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      NORMALISED[v] = (v / 255f - 0.5f) / 0.5f;
    }
  }

  private FaceTensors() {}

  /** Writes the {@code size}×{@code size} BGR crop into slot {@code index} of {@code batch}. */
  static void put(Mat bgr, float[] batch, int index) {
    int plane = bgr.rows() * bgr.cols();
    byte[] px = new byte[plane * 3];
    bgr.get(0, 0, px);
    int r = index * 3 * plane, g = r + plane, b = g + plane;
    for (int i = 0; i < plane; i++) {
      batch[b + i] = NORMALISED[px[3 * i] & 0xff];
      batch[g + i] = NORMALISED[px[3 * i + 1] & 0xff];
      batch[r + i] = NORMALISED[px[3 * i + 2] & 0xff];
    }
  }

  /** Slot {@code index} of the model output as a new {@code size}×{@code size} BGR 8-bit Mat. */
  static Mat take(float[] output, int index, int size, OutputRounding rounding) {
    int plane = size * size;
    int r = index * 3 * plane, g = r + plane, b = g + plane;
    byte[] px = new byte[plane * 3];
    for (int i = 0; i < plane; i++) {
      px[3 * i] = toByte(output[b + i], rounding);
      px[3 * i + 1] = toByte(output[g + i], rounding);
      px[3 * i + 2] = toByte(output[r + i], rounding);
    }
    Mat out = new Mat(size, size, CvType.CV_8UC3);
    out.put(0, 0, px);
    return out;
  }

  static byte toByte(float y, OutputRounding rounding) {
    float v = Math.min(1f, Math.max(0f, y * 0.5f + 0.5f)) * 255f;
    // NaN (a broken model) would otherwise become 0 silently in the cast below.
    if (Float.isNaN(v)) {
      throw new IllegalStateException("the model returned NaN");
    }
    return (byte) (rounding == OutputRounding.ROUND ? (int) Math.rint(v) : (int) v);
  }
}
