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

  /**
   * Runs every step; returns a new Mat (a copy when no step runs) and leaves {@code bgr} as it is.
   */
  public Mat apply(Mat bgr) {
    return run(steps, bgr);
  }

  /** Whether the steps change the image's geometry beyond scaling (the face-centred crop). */
  public boolean crops() {
    return steps.stream().anyMatch(FaceCentredCrop.class::isInstance);
  }

  /** The short edge {@link #apply} gives an image whose short edge is {@code inputShortEdge}. */
  public int standardShortEdge(int inputShortEdge) {
    return steps.stream()
        .filter(ShortEdgeResize.class::isInstance)
        .map(ShortEdgeResize.class::cast)
        .reduce((a, b) -> b)
        .map(ShortEdgeResize::shortEdge)
        .orElse(inputShortEdge);
  }

  /**
   * The same preprocess with the resize step aiming at a short edge of {@code shortEdge} pixels (no
   * resampling when the image has it already): the tone steps run at that size. Only for steps
   * without a crop ({@link #crops()}).
   */
  public Mat applyAt(Mat bgr, int shortEdge) {
    if (crops()) {
      throw new IllegalStateException("a face-centred crop has the standard size only");
    }
    List<PreprocessStep> at = new ArrayList<>();
    for (PreprocessStep step : steps) {
      if (step instanceof ShortEdgeResize r) {
        at.add(r.withShortEdge(shortEdge));
      } else {
        at.add(step);
      }
    }
    return run(at, bgr);
  }

  private static Mat run(List<PreprocessStep> steps, Mat bgr) {
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
