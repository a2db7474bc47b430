package io.gpenspark.restore;

import io.gpenspark.face.FaceAligner;
import io.gpenspark.face.Similarity;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Puts restored face crops back into the image they came from: each crop and the template-space
 * weight go through the inverse alignment (bilinear, as GPEN pastes), where faces overlap the
 * stronger weight wins per pixel (GPEN keeps the larger mask too, it never adds them), and the
 * image becomes {@code image·(1 − w) + faces·w}. Work is confined to the faces' bounding boxes;
 * every pixel of weight 0 keeps the input's exact value.
 */
final class PasteBack {
  private final Mat templateWeight;

  /**
   * @param templateWeight CV_32F, size×size, 0 on the border; read, never written
   */
  PasteBack(Mat templateWeight) {
    this.templateWeight = templateWeight;
  }

  /** A restored crop (BGR 8-bit, size×size) and the transform from crop to image coordinates. */
  record Placed(Mat crop, Similarity toImage) {}

  /** The new image, and the weight it used over {@code area} (0 everywhere else). */
  record Pasted(Mat image, Mat weight, Rect area) {}

  Pasted paste(Mat image, List<Placed> faces) {
    List<Rect> boxes = new ArrayList<>();
    Rect area = null;
    for (Placed p : faces) {
      Rect box = boundsInImage(p.toImage(), image.cols(), image.rows());
      boxes.add(box);
      if (box.area() > 0) {
        area = area == null ? box : union(area, box);
      }
    }
    Mat out = image.clone();
    if (area == null) {
      return new Pasted(out, new Mat(), new Rect());
    }
    Mat weight = Mat.zeros(area.size(), CvType.CV_32FC1);
    Mat canvas = Mat.zeros(area.size(), CvType.CV_8UC3);
    for (int i = 0; i < faces.size(); i++) {
      Rect box = boxes.get(i);
      if (box.area() > 0) {
        Rect local = new Rect(box.x - area.x, box.y - area.y, box.width, box.height);
        placeStronger(faces.get(i), box, weight.submat(local), canvas.submat(local));
      }
    }
    blend(out.submat(area), canvas, weight);
    canvas.release();
    return new Pasted(out, weight, area);
  }

  /** Writes this face into the canvas wherever its weight beats the weight already there. */
  private void placeStronger(Placed face, Rect box, Mat weight, Mat canvas) {
    Similarity toBox = face.toImage().shifted(-box.x, -box.y);
    Mat w = FaceAligner.warp(templateWeight, toBox, box.size());
    Mat px = FaceAligner.warp(face.crop(), toBox, box.size());
    Mat stronger = new Mat();
    Core.compare(w, weight, stronger, Core.CMP_GT);
    w.copyTo(weight, stronger);
    px.copyTo(canvas, stronger);
    w.release();
    px.release();
    stronger.release();
  }

  /** {@code region = region + (canvas − region)·weight}, rounded to 8 bits. */
  private static void blend(Mat region, Mat canvas, Mat weight) {
    Mat base = new Mat();
    Mat delta = new Mat();
    Mat weight3 = new Mat();
    region.convertTo(base, CvType.CV_32FC3);
    canvas.convertTo(delta, CvType.CV_32FC3);
    Core.merge(List.of(weight, weight, weight), weight3);
    Core.subtract(delta, base, delta);
    Core.multiply(delta, weight3, delta);
    Core.add(base, delta, base);
    base.convertTo(region, CvType.CV_8UC3);
    base.release();
    delta.release();
    weight3.release();
  }

  /** The pixels the crop square can touch once mapped into the image, clipped to it. */
  private Rect boundsInImage(Similarity toImage, int width, int height) {
    int size = templateWeight.rows();
    double minX = Double.MAX_VALUE,
        minY = Double.MAX_VALUE,
        maxX = -Double.MAX_VALUE,
        maxY = -Double.MAX_VALUE;
    for (int corner = 0; corner < 4; corner++) {
      double cx = (corner & 1) * size, cy = (corner >> 1) * size;
      double x = toImage.mapX(cx, cy), y = toImage.mapY(cx, cy);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    int x0 = (int) Math.max(0, Math.floor(minX)), y0 = (int) Math.max(0, Math.floor(minY));
    int x1 = (int) Math.min(width, Math.ceil(maxX) + 1),
        y1 = (int) Math.min(height, Math.ceil(maxY) + 1);
    return x1 > x0 && y1 > y0 ? new Rect(x0, y0, x1 - x0, y1 - y0) : new Rect();
  }

  private static Rect union(Rect a, Rect b) {
    int x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y);
    int x1 = Math.max(a.x + a.width, b.x + b.width), y1 = Math.max(a.y + a.height, b.y + b.height);
    return new Rect(x0, y0, x1 - x0, y1 - y0);
  }
}
