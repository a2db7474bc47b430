package io.gpenspark.restore;

import io.gpenspark.face.Face;
import io.gpenspark.face.Similarity;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A photo made ready for the model ({@link Restorer#align}): the faces to restore as they will be
 * reported, each one's aligned crop (BGR 8-bit, model size) and the transform from that crop back
 * into {@code image}. {@code image} is the caller's; the crops are new and belong to the caller
 * until {@link Restorer#paste} takes them over.
 */
public record AlignedFaces(Mat image, List<Face> faces, List<Mat> crops, List<Similarity> toImage) {

  public void release() {
    crops.forEach(Mat::release);
  }
}
