package io.gpenspark.restore;

import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The restoration stage: receives the preprocessed image (BGR, 8-bit, 3 channels) and the
 * faces detected in it, returns the restored image as a new Mat (the input is not modified).
 * Implementations are shared by the task threads of one executor and must be thread-safe.
 */
public interface Restorer extends AutoCloseable {

  Restored restore(Mat bgr, List<Face> faces);

  /** Identity of the model for the manifest, e.g. "GPEN-BFR-512.pth sha256:…", or "none". */
  String modelId();

  @Override
  default void close() {}

  /** The restored image and the faces that were actually restored. */
  record Restored(Mat image, List<Face> restoredFaces) {}
}
