package io.gpenspark.postprocess;

import io.gpenspark.face.Face;
import java.util.List;
import java.util.Locale;

/**
 * The facial regions whose fine detail the high-frequency boost may strengthen, placed from the
 * five landmarks. Offsets and sizes are in eye distances, from typical adult proportions: the brows
 * sit about 0.35 above the eye line, the hairline about 1.3 above it, the cheekbones about half an
 * eye distance below the eyes.
 */
public enum FaceRegion {
  /** Each eye with its lids and corners; nudged up to take in the lid fold. */
  EYES {
    @Override
    List<SoftEllipse> place(FaceFrame f) {
      return List.of(
          f.ellipse(eyeX(f, 0), eyeY(f, 0), 0, -0.05, 0.35, 0.22),
          f.ellipse(eyeX(f, 1), eyeY(f, 1), 0, -0.05, 0.35, 0.22));
    }
  },
  /** The lips and the fine lines at the mouth corners. */
  LIPS {
    @Override
    List<SoftEllipse> place(FaceFrame f) {
      Face face = f.face();
      double mx = (face.landmarkX(3) + face.landmarkX(4)) / 2;
      double my = (face.landmarkY(3) + face.landmarkY(4)) / 2;
      return List.of(f.ellipse(mx, my, 0, 0, 0.6, 0.3));
    }
  },
  /**
   * Both cheekbones: below each eye and a little outward, clear of the nose and the nose-mouth
   * fold.
   */
  CHEEKS {
    @Override
    List<SoftEllipse> place(FaceFrame f) {
      return List.of(
          f.ellipse(eyeX(f, 0), eyeY(f, 0), -0.1, 0.45, 0.3, 0.25),
          f.ellipse(eyeX(f, 1), eyeY(f, 1), 0.1, 0.45, 0.3, 0.25));
    }
  },
  /** A wide band above the brows where the forehead meets the hair. */
  HAIRLINE {
    @Override
    List<SoftEllipse> place(FaceFrame f) {
      return List.of(f.ellipse(f.face().eyeCentreX(), f.face().eyeCentreY(), 0, -1.3, 1.1, 0.4));
    }
  };

  abstract List<SoftEllipse> place(FaceFrame frame);

  /** The name used in configuration, e.g. "eyes". */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static double eyeX(FaceFrame f, int eye) {
    return f.face().landmarkX(eye);
  }

  private static double eyeY(FaceFrame f, int eye) {
    return f.face().landmarkY(eye);
  }
}
