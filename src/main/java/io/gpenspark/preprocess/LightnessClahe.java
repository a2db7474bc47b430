package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/** Evens out lighting: CLAHE on the L channel of LAB, so hue and saturation are kept. */
public final class LightnessClahe implements PreprocessStep {
  static final int MAX_TILE_GRID = 64;

  private final double clipLimit;
  private final int tileGrid;

  public LightnessClahe(double clipLimit, int tileGrid) {
    if (!(clipLimit > 0) || Double.isInfinite(clipLimit)) {
      throw new IllegalArgumentException("clip limit must be a positive number, got " + clipLimit);
    }
    if (tileGrid < 1 || tileGrid > MAX_TILE_GRID) {
      throw new IllegalArgumentException("tile grid must be 1.." + MAX_TILE_GRID + ", got " + tileGrid);
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
}
