package io.gpenspark.restore;

import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * One restored face for inspection (output.save-faces): the aligned input crop and the model's
 * restored crop, both BGR 8-bit and model-size square; {@code index} is the face's position in
 * {@link Restorer.Restored#restoredFaces()}. The Mats belong to the caller, who releases them.
 */
public record FacePair(int index, Face face, Mat aligned, Mat restored) {

  /**
   * A new image: the aligned input on the left, the restored face on the right (GPEN's _face%02d).
   */
  public Mat sideBySide() {
    Mat out = new Mat();
    Core.hconcat(List.of(aligned, restored), out);
    return out;
  }

  public void release() {
    aligned.release();
    restored.release();
  }
}
