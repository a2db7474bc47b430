package io.gpenspark.testing;

import io.gpenspark.face.Face;
import io.gpenspark.face.FaceFinder;
import io.gpenspark.imageio.OpenCv;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * A plain YuNet face finder for tests only (the job has its own detector). YuNet misses faces that
 * fill a 1024 px frame, so {@link #atMost} detects on a copy scaled down to a long edge and maps
 * the faces back.
 */
public final class YuNetFaces implements FaceFinder {
  private static final int ROW = 15;
  private final int maxLongEdge;

  /** Detects on the image as it is. */
  public YuNetFaces() {
    this(Integer.MAX_VALUE);
  }

  private YuNetFaces(int maxLongEdge) {
    this.maxLongEdge = maxLongEdge;
  }

  public static YuNetFaces atMost(int longEdge) {
    return new YuNetFaces(longEdge);
  }

  @Override
  public List<Face> find(Mat bgr) {
    OpenCv.load();
    double scale = Math.min(1.0, (double) maxLongEdge / Math.max(bgr.cols(), bgr.rows()));
    Mat input = bgr;
    if (scale < 1) {
      input = new Mat();
      Imgproc.resize(bgr, input, new Size(), scale, scale, Imgproc.INTER_AREA);
    }
    Size size = new Size(input.cols(), input.rows());
    FaceDetectorYN detector =
        FaceDetectorYN.create(SharedFiles.yunet().toString(), "", size, 0.8f, 0.3f, 5000);
    detector.setInputSize(size);
    Mat rows = new Mat();
    try {
      detector.detect(input, rows);
      List<Face> faces = new ArrayList<>();
      float[] r = new float[ROW];
      for (int i = 0; i < rows.rows(); i++) {
        rows.get(i, 0, r);
        double[] landmarks = new double[2 * Face.LANDMARKS];
        for (int k = 0; k < landmarks.length; k++) {
          landmarks[k] = r[4 + k];
        }
        faces.add(new Face(r[0], r[1], r[2], r[3], landmarks, r[14]).scaled(1 / scale, 0, 0));
      }
      return faces;
    } finally {
      rows.release();
      if (input != bgr) {
        input.release();
      }
    }
  }
}
