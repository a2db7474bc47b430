package io.gpenspark.face;

import java.util.List;
import org.opencv.core.Mat;

/** Finds faces in a BGR 8-bit image; implemented by the YuNet detector. */
@FunctionalInterface
public interface FaceFinder {
  List<Face> find(Mat bgr);
}
