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
  public Restored restore(Mat bgr, List<Face> faces) {
    return new Restored(bgr.clone(), List.copyOf(faces));
  }

  @Override
  public String modelId() {
    return "none";
  }
}
