package io.gpenspark.postprocess;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Strengthens weak but credible facial detail (eyelid folds, fine lines at the mouth corners)
 * inside the configured face regions, and leaves flat and already sharp areas alone.
 *
 * <p>On luma Y: detail = Y - GaussianBlur(Y, detailSigma); gradient strength = GaussianBlur(|Sobel
 * Y| in grey levels per pixel, gradientSigma); weight = region mask x {@link GradientGate}; the
 * added value {@link SoftLimitedGain} x weight goes equally into B, G and R, so colour is kept.
 * Pixels with weight 0 are copied bit for bit.
 */
public final class HighFrequencyBoost {
  private static final String P = "postprocess.high-frequency.";

  /** No gradient of an 8-bit image, in grey levels per pixel, reaches this. */
  private static final double MAX_GRADIENT = 256;

  /** A 3x3 Sobel weighs a unit ramp 8 times: dividing by 8 gives grey levels per pixel. */
  private static final double SOBEL_TO_GREY_PER_PIXEL = 1.0 / 8;

  /** BT.601 luma weights in B, G, R order. */
  private static final double[] LUMA_BGR = {0.114, 0.587, 0.299};

  private final FaceRegions regions;
  private final double detailSigma;
  private final double gradientSigma;
  private final GradientGate gate;
  private final SoftLimitedGain gain;

  public HighFrequencyBoost(
      FaceRegions regions,
      double detailSigma,
      double gradientSigma,
      GradientGate gate,
      SoftLimitedGain gain) {
    if (!(detailSigma > 0) || !(gradientSigma > 0)) {
      throw new IllegalArgumentException(
          "sigmas must be positive, got " + detailSigma + ", " + gradientSigma);
    }
    this.regions = regions;
    this.detailSigma = detailSigma;
    this.gradientSigma = gradientSigma;
    this.gate = gate;
    this.gain = gain;
  }

  /** Reads the keys under postprocess.high-frequency (all but enabled). */
  public static HighFrequencyBoost from(ConfigReader cfg) {
    double credible = cfg.doubleIn(P + "credible-gradient", 0, MAX_GRADIENT);
    double weak = cfg.doubleIn(P + "weak-gradient", 0, MAX_GRADIENT);
    if (!(weak > credible)) {
      throw ConfigReader.invalid(
          P + "weak-gradient",
          "must be greater than credible-gradient (" + credible + "), got " + weak);
    }
    double strong = cfg.doubleIn(P + "strong-gradient", 0, MAX_GRADIENT);
    if (!(strong > weak)) {
      throw ConfigReader.invalid(
          P + "strong-gradient",
          "must be greater than weak-gradient (" + weak + "), got " + strong);
    }
    return new HighFrequencyBoost(
        FaceRegions.from(cfg),
        cfg.positiveDouble(P + "detail-sigma"),
        cfg.positiveDouble(P + "gradient-sigma"),
        new GradientGate(credible, weak, strong),
        new SoftLimitedGain(cfg.doubleIn(P + "amount", 0, 100), cfg.positiveDouble(P + "limit")));
  }

  /**
   * Boosts the regions of every face in {@code faces} (coordinates of {@code bgr}); returns a new
   * Mat.
   */
  public Mat apply(Mat bgr, List<Face> faces) {
    if (bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "the boost takes 8-bit BGR images, got " + CvType.typeToString(bgr.type()));
    }
    Mat out = bgr.clone();
    Rect touched = regions.bounds(bgr.size(), faces);
    if (touched.area() == 0) {
      return out;
    }
    // Work on the face area plus the filters' reach (a float Gaussian reaches under 4 sigma + 1,
    // the Sobel 1 more): the result equals a whole-image pass at a fraction of the cost.
    Rect area =
        grow(touched, (int) Math.ceil(4 * Math.max(detailSigma, gradientSigma)) + 2, bgr.size());
    Mat view = out.submat(area);
    try {
      boost(view, area, faces);
    } finally {
      view.release();
    }
    return out;
  }

  /** Adds the weighted detail to {@code view} (the pixels of {@code area}) in place. */
  private void boost(Mat view, Rect area, List<Face> faces) {
    Mat luma = luma(view);
    Mat detail = detail(luma);
    Mat strength = gradientStrength(luma);
    Mat mask = regions.mask(area, faces);
    try {
      int n = area.width * area.height;
      float[] d = new float[n];
      float[] g = new float[n];
      float[] m = new float[n];
      detail.get(0, 0, d);
      strength.get(0, 0, g);
      mask.get(0, 0, m);
      byte[] px = new byte[3 * n];
      view.get(0, 0, px);
      for (int i = 0; i < n; i++) {
        double weight = m[i] * gate.gain(g[i]);
        if (weight > 0) {
          double added = weight * gain.added(d[i]);
          for (int c = 3 * i; c < 3 * i + 3; c++) {
            px[c] = (byte) Math.max(0, Math.min(255, Math.round((px[c] & 0xff) + added)));
          }
        }
      }
      view.put(0, 0, px);
    } finally {
      luma.release();
      detail.release();
      strength.release();
      mask.release();
    }
  }

  private static Mat luma(Mat bgr) {
    Mat weights = new Mat(1, 3, CvType.CV_32F);
    weights.put(0, 0, LUMA_BGR[0], LUMA_BGR[1], LUMA_BGR[2]);
    Mat asFloat = new Mat();
    Mat y = new Mat();
    try {
      bgr.convertTo(asFloat, CvType.CV_32F);
      Core.transform(asFloat, y, weights);
      return y;
    } finally {
      weights.release();
      asFloat.release();
    }
  }

  private Mat detail(Mat luma) {
    Mat blurred = new Mat();
    Mat detail = new Mat();
    Imgproc.GaussianBlur(luma, blurred, new Size(0, 0), detailSigma);
    Core.subtract(luma, blurred, detail);
    blurred.release();
    return detail;
  }

  private Mat gradientStrength(Mat luma) {
    Mat gx = new Mat();
    Mat gy = new Mat();
    Mat magnitude = new Mat();
    Mat strength = new Mat();
    try {
      Imgproc.Sobel(luma, gx, CvType.CV_32F, 1, 0, 3, SOBEL_TO_GREY_PER_PIXEL);
      Imgproc.Sobel(luma, gy, CvType.CV_32F, 0, 1, 3, SOBEL_TO_GREY_PER_PIXEL);
      Core.magnitude(gx, gy, magnitude);
      Imgproc.GaussianBlur(magnitude, strength, new Size(0, 0), gradientSigma);
      return strength;
    } finally {
      gx.release();
      gy.release();
      magnitude.release();
    }
  }

  private static Rect grow(Rect r, int margin, Size image) {
    int x0 = Math.max(0, r.x - margin);
    int y0 = Math.max(0, r.y - margin);
    int x1 = Math.min((int) image.width, r.x + r.width + margin);
    int y1 = Math.min((int) image.height, r.y + r.height + margin);
    return new Rect(x0, y0, x1 - x0, y1 - y0);
  }
}
