package io.gpenspark.testing;

import io.gpenspark.face.Face;
import io.gpenspark.face.FaceFinder;
import io.gpenspark.imageio.OpenCv;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;

/** A plain YuNet face finder on the full image, for tests only (the job has its own detector). */
public final class YuNetFaces implements FaceFinder {
  private static final int ROW = 15;

  @Override
  public List<Face> find(Mat bgr) {
    OpenCv.load();
    FaceDetectorYN detector =
        FaceDetectorYN.create(SharedFiles.yunet().toString(), "", new Size(bgr.cols(), bgr.rows()), 0.8f, 0.3f, 5000);
    detector.setInputSize(new Size(bgr.cols(), bgr.rows()));
    Mat rows = new Mat();
    try {
      detector.detect(bgr, rows);
      List<Face> faces = new ArrayList<>();
      float[] r = new float[ROW];
      for (int i = 0; i < rows.rows(); i++) {
        rows.get(i, 0, r);
        double[] landmarks = new double[2 * Face.LANDMARKS];
        for (int k = 0; k < landmarks.length; k++) {
          landmarks[k] = r[4 + k];
        }
        faces.add(new Face(r[0], r[1], r[2], r[3], landmarks, r[14]));
      }
      return faces;
    } finally {
      rows.release();
    }
  }
}
