package io.gpenspark.face;

import io.gpenspark.imageio.Pixels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * Face detection with OpenCV's FaceDetectorYN and the YuNet model. Any image size: detection runs
 * on a copy whose long edge is at most {@code maxInputSize}, and boxes and landmarks are mapped
 * back to the image. FaceDetectorYN is not thread-safe, so each detection borrows an instance of
 * its own from a pool, all built from the one model buffer this executor read: as many as threads
 * ever detected at once, kept for the detector's life (task threads come and go; building one reads
 * the network anew, which costs more than detecting on a small photo).
 */
public final class YunetDetector implements FaceFinder, AutoCloseable {
  private static final int ROW = 15; // x, y, w, h, 5 x (x, y), score
  private static final int SMALLEST_SIDE = 320;

  private final byte[] model;
  private final DetectorSettings settings;
  private final Deque<FaceDetectorYN> idle = new ConcurrentLinkedDeque<>();

  public YunetDetector(byte[] onnxModel, DetectorSettings settings) {
    this.model = onnxModel.clone();
    this.settings = settings;
    idle.push(newDetector()); // fail now, on a broken model, not on the first image
  }

  private FaceDetectorYN newDetector() {
    MatOfByte buf = new MatOfByte(model);
    try {
      return FaceDetectorYN.create(
          "onnx",
          buf,
          new MatOfByte(),
          new Size(320, 320),
          (float) settings.scoreThreshold(),
          (float) settings.nmsThreshold(),
          settings.topK());
    } finally {
      buf.release();
    }
  }

  /**
   * Faces sorted by score, highest first, in the coordinates of {@code bgr}. YuNet misses faces
   * that fill most of a large frame (its anchors stop short of them), so when the first scale finds
   * nothing, smaller copies are tried down to {@link #SMALLEST_SIDE}.
   */
  @Override
  public List<Face> find(Mat bgr) {
    int longEdge = Math.max(bgr.cols(), bgr.rows());
    int side = Math.min(longEdge, settings.maxInputSize());
    while (true) {
      List<Face> faces = findAt(bgr, side / (double) longEdge);
      if (!faces.isEmpty() || side <= SMALLEST_SIDE) {
        return faces;
      }
      side = Math.max(SMALLEST_SIDE, side / 2);
    }
  }

  private List<Face> findAt(Mat bgr, double scale) {
    Mat input = bgr;
    if (scale < 1.0) {
      input = new Mat();
      Imgproc.resize(
          bgr,
          input,
          new Size(Math.round(bgr.cols() * scale), Math.round(bgr.rows() * scale)),
          0,
          0,
          Imgproc.INTER_AREA);
    }
    if (input.depth() != CvType.CV_8U) { // YuNet takes 8 bits; a 16-bit scan is looked at as 8
      Mat eight = Pixels.eightBit(input);
      if (input != bgr) {
        input.release();
      }
      input = eight;
    }
    Mat rows = new Mat();
    FaceDetectorYN detector = idle.poll();
    try {
      if (detector == null) {
        detector = newDetector();
      }
      detector.setInputSize(input.size());
      detector.detect(input, rows);
      return toFaces(rows, input.cols() / (double) bgr.cols(), input.rows() / (double) bgr.rows());
    } finally {
      if (detector != null) {
        idle.push(detector);
      }
      rows.release();
      if (input != bgr) {
        input.release();
      }
    }
  }

  private static List<Face> toFaces(Mat rows, double sx, double sy) {
    List<Face> faces = new ArrayList<>();
    float[] r = new float[ROW];
    for (int i = 0; i < rows.rows(); i++) {
      rows.get(i, 0, r);
      double[] landmarks = new double[10];
      for (int k = 0; k < 5; k++) {
        landmarks[2 * k] = r[4 + 2 * k] / sx;
        landmarks[2 * k + 1] = r[5 + 2 * k] / sy;
      }
      faces.add(new Face(r[0] / sx, r[1] / sy, r[2] / sx, r[3] / sy, landmarks, r[14]));
    }
    faces.sort(Comparator.comparingDouble(Face::score).reversed());
    return faces;
  }

  @Override
  public void close() {
    idle.clear(); // OpenCV frees each network when its Java object is collected
  }
}
