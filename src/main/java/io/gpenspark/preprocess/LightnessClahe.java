package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Evens out lighting: CLAHE on the L channel of LAB, so hue and saturation are kept. A 16-bit image
 * is equalised at 16 bits (LAB in floating point, L spread over 0…65535 for OpenCV's 16-bit CLAHE),
 * so its tones are not quantised to 8 bits.
 */
public final class LightnessClahe implements PreprocessStep {
  static final int MAX_TILE_GRID = 64;

  private final double clipLimit;
  private final int tileGrid;

  public LightnessClahe(double clipLimit, int tileGrid) {
    if (!(clipLimit > 0) || Double.isInfinite(clipLimit)) {
      throw new IllegalArgumentException("clip limit must be a positive number, got " + clipLimit);
    }
    if (tileGrid < 1 || tileGrid > MAX_TILE_GRID) {
      throw new IllegalArgumentException(
          "tile grid must be 1.." + MAX_TILE_GRID + ", got " + tileGrid);
    }
    this.clipLimit = clipLimit;
    this.tileGrid = tileGrid;
  }

  /** Reads preprocess.clahe.clip-limit and preprocess.clahe.tile-grid. */
  public static LightnessClahe from(ConfigReader cfg) {
    return new LightnessClahe(
        cfg.positiveDouble("preprocess.clahe.clip-limit"),
        cfg.intIn("preprocess.clahe.tile-grid", 1, MAX_TILE_GRID));
  }

  @Override
  public Mat apply(Mat bgr) {
    return bgr.depth() == CvType.CV_16U ? applySixteen(bgr) : applyEight(bgr);
  }

  private Mat applyEight(Mat bgr) {
    Mat lab = new Mat();
    List<Mat> channels = new ArrayList<>(3);
    Mat equalised = new Mat();
    // A CLAHE object is not thread-safe and keeps image-sized buffers: one per call, emptied after.
    CLAHE clahe = Imgproc.createCLAHE(clipLimit, new Size(tileGrid, tileGrid));
    try {
      Imgproc.cvtColor(bgr, lab, Imgproc.COLOR_BGR2Lab);
      Core.split(lab, channels);
      clahe.apply(channels.get(0), equalised);
      channels.get(0).release();
      channels.set(0, equalised);
      Core.merge(channels, lab);
      Mat out = new Mat();
      Imgproc.cvtColor(lab, out, Imgproc.COLOR_Lab2BGR);
      return out;
    } finally {
      clahe.collectGarbage();
      channels.forEach(Mat::release);
      equalised.release();
      lab.release();
    }
  }

  /** L of LAB (0…100 in floating point) as 16-bit samples for CLAHE, then back. */
  private Mat applySixteen(Mat bgr) {
    Mat unit = new Mat();
    Mat lab = new Mat();
    List<Mat> channels = new ArrayList<>(3);
    Mat l16 = new Mat();
    Mat equalised = new Mat();
    CLAHE clahe = Imgproc.createCLAHE(clipLimit, new Size(tileGrid, tileGrid));
    try {
      bgr.convertTo(unit, CvType.CV_32F, 1 / 65535.0);
      Imgproc.cvtColor(unit, lab, Imgproc.COLOR_BGR2Lab);
      Core.split(lab, channels);
      channels.get(0).convertTo(l16, CvType.CV_16U, 65535.0 / 100);
      clahe.apply(l16, equalised);
      equalised.convertTo(channels.get(0), CvType.CV_32F, 100 / 65535.0);
      Core.merge(channels, lab);
      Imgproc.cvtColor(lab, unit, Imgproc.COLOR_Lab2BGR);
      Mat out = new Mat();
      unit.convertTo(out, CvType.CV_16U, 65535.0);
      return out;
    } finally {
      clahe.collectGarbage();
      channels.forEach(Mat::release);
      unit.release();
      lab.release();
      l16.release();
      equalised.release();
    }
  }
}
