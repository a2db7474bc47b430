package io.gpenspark.pipeline;

import io.gpenspark.face.Face;
import java.util.List;
import org.opencv.core.Mat;

/** A photo restored in memory: the new image (the caller's to release) and its restored faces. */
public record RestoredPhoto(Mat image, List<Face> faces) {}
