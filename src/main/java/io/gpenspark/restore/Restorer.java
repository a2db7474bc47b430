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

  /**
   * The restored image, the faces that were actually restored (in the coordinates of
   * {@code image}), and, when output.save-faces is set, one {@link FacePair} per restored face
   * (empty otherwise). All Mats are new and belong to the caller.
   */
  record Restored(Mat image, List<Face> restoredFaces, List<FacePair> crops) {

    public Restored(Mat image, List<Face> restoredFaces) {
      this(image, restoredFaces, List.of());
    }

    /** Releases the image and every crop. */
    public void release() {
      image.release();
      crops.forEach(FacePair::release);
    }
  }
}
