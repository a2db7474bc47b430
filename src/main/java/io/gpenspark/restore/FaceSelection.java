package io.gpenspark.restore;

import io.gpenspark.face.Face;
import java.util.Comparator;
import java.util.List;

/**
 * Which detected faces get restored: those whose eye-to-mouth span reaches min-face-size; of those
 * only the one nearest the image centre when only-centre-face is set; then at most max-faces,
 * highest scores first. (The detector has already applied its score threshold.)
 */
final class FaceSelection {
  private final int minFaceSize;
  private final int maxFaces;
  private final boolean onlyCentreFace;

  FaceSelection(RestoreSettings settings) {
    this.minFaceSize = settings.minFaceSize();
    this.maxFaces = settings.maxFaces();
    this.onlyCentreFace = settings.onlyCentreFace();
  }

  /** The faces to restore, highest score first. */
  List<Face> pick(List<Face> faces, int width, int height) {
    List<Face> big = faces.stream().filter(f -> f.eyeToMouth() >= minFaceSize).toList();
    if (onlyCentreFace) {
      return big.stream()
          .min(Comparator.comparingDouble(f -> distanceToCentre(f, width, height)))
          .map(List::of)
          .orElse(List.of());
    }
    return big.stream()
        .sorted(Comparator.comparingDouble(Face::score).reversed())
        .limit(maxFaces)
        .toList();
  }

  /** Distance from the centre of the face's box to the centre of the image. */
  private static double distanceToCentre(Face f, int width, int height) {
    return Math.hypot(f.x() + f.width() / 2 - width / 2.0, f.y() + f.height() / 2 - height / 2.0);
  }
}
