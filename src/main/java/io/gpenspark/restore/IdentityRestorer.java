package io.gpenspark.restore;

import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Mat;

/**
 * "Restoration off" (restore.enabled=false): the image passes through untouched, and the faces
 * found in it are reported as they are, so the postprocess still treats them.
 */
public final class IdentityRestorer implements Restorer {
  @Override
  public AlignedFaces align(Mat bgr, List<Face> faces) {
    return new AlignedFaces(bgr, List.copyOf(faces), List.of(), List.of());
  }

  @Override
  public List<Mat> restoreCrops(List<Mat> aligned) {
    return List.of();
  }

  @Override
  public Restored paste(AlignedFaces faces, List<Mat> restored) {
    return new Restored(faces.image().clone(), faces.faces());
  }

  @Override
  public String modelId() {
    return "none";
  }

  @Override
  public String device() {
    return null;
  }
}
