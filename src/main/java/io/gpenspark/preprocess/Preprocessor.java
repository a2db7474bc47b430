package io.gpenspark.preprocess;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.face.FaceFinder;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The standardised preprocess: the enabled steps in the order resize, face crop, CLAHE. Immutable;
 * safe to share between task threads when its face finder is.
 */
public final class Preprocessor {
  private final List<PreprocessStep> steps;

  public Preprocessor(List<PreprocessStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * Builds the pipeline from preprocess.*; only the keys of enabled steps are read. {@code faces}
   * is needed only when the face crop is enabled.
   */
  public static Preprocessor from(ConfigReader cfg, FaceFinder faces) {
    List<PreprocessStep> steps = new ArrayList<>();
    if (cfg.bool("preprocess.enabled")) {
      if (cfg.bool("preprocess.resize.enabled")) {
        steps.add(ShortEdgeResize.from(cfg));
      }
      if (cfg.bool("preprocess.face-crop.enabled")) {
        steps.add(FaceCentredCrop.from(cfg, faces));
      }
      if (cfg.bool("preprocess.clahe.enabled")) {
        steps.add(LightnessClahe.from(cfg));
      }
    }
    return new Preprocessor(steps);
  }

  /** Runs every step; returns a new Mat (a copy when no step runs) and leaves {@code bgr} as it is. */
  public Mat apply(Mat bgr) {
    Mat current = bgr;
    try {
      for (PreprocessStep step : steps) {
        Mat next = step.apply(current);
        releaseIntermediate(current, bgr);
        current = next;
      }
    } catch (RuntimeException e) {
      releaseIntermediate(current, bgr);
      throw e;
    }
    return current == bgr ? bgr.clone() : current;
  }

  private static void releaseIntermediate(Mat mat, Mat input) {
    if (mat != input) {
      mat.release();
    }
  }
}
