package io.gpenspark.restore;

import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The restoration stage, in the three steps a caller may run apart: {@link #align} the faces of the
 * preprocessed image (BGR, 8-bit, 3 channels), {@link #restoreCrops} through the model (the crops
 * may come from several images, so their faces share forward passes), and {@link #paste} the
 * restored crops back into a new image (the input is not modified). Implementations are shared by
 * the task threads of one executor and must be thread-safe.
 */
public interface Restorer extends AutoCloseable {

  /** Before the model: picks the faces to restore and aligns each to the model's input. */
  AlignedFaces align(Mat bgr, List<Face> faces);

  /** The model: one new restored crop per aligned crop, in order. */
  List<Mat> restoreCrops(List<Mat> aligned);

  /**
   * After the model: {@code restored} (one per crop of {@code faces}) blended and pasted back.
   * Takes over the Mats of both crop lists: released here or handed on in {@link Restored#crops()}.
   */
  Restored paste(AlignedFaces faces, List<Mat> restored);

  /** One image on its own: align, restore, paste. */
  default Restored restore(Mat bgr, List<Face> faces) {
    AlignedFaces aligned = align(bgr, faces);
    List<Mat> restored;
    try {
      restored = restoreCrops(aligned.crops());
    } catch (RuntimeException e) {
      aligned.release();
      throw e;
    }
    return paste(aligned, restored);
  }

  /** Identity of the model for the manifest, e.g. "GPEN-BFR-512.pth sha256:…", or "none". */
  String modelId();

  /** Where and in what precision the model runs, e.g. "cuda:1 bf16"; null without a model. */
  String device();

  @Override
  default void close() {}

  /**
   * The restored image, the faces that were actually restored (in the coordinates of {@code
   * image}), and, when output.save-faces is set, one {@link FacePair} per restored face (empty
   * otherwise). All Mats are new and belong to the caller.
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
