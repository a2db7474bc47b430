package io.gpenspark.postprocess;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.face.Face;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;

/** Soft masks of the configured facial regions of every face: CV_32F, 1 inside, 0 outside. */
public final class FaceRegions {
  private static final String KEY = "postprocess.high-frequency.regions";

  private final Set<FaceRegion> regions;

  public FaceRegions(Set<FaceRegion> regions) {
    this.regions = regions.isEmpty() ? EnumSet.noneOf(FaceRegion.class) : EnumSet.copyOf(regions);
  }

  /** Reads postprocess.high-frequency.regions: a non-empty list of eyes, lips, cheeks, hairline. */
  public static FaceRegions from(ConfigReader cfg) {
    List<String> names = cfg.stringList(KEY);
    if (names.isEmpty()) {
      throw ConfigReader.invalid(
          KEY, "must name at least one region (switch the boost off with enabled = false)");
    }
    Set<FaceRegion> regions = EnumSet.noneOf(FaceRegion.class);
    for (String name : names) {
      regions.add(parse(name));
    }
    return new FaceRegions(regions);
  }

  public Set<FaceRegion> regions() {
    return EnumSet.copyOf(regions);
  }

  /** The mask for a whole image of {@code size}. */
  public Mat mask(Size size, List<Face> faces) {
    return mask(new Rect(0, 0, (int) size.width, (int) size.height), faces);
  }

  /**
   * The mask for the part {@code area} of the image (pixel (0,0) of the result is area's corner).
   */
  public Mat mask(Rect area, List<Face> faces) {
    float[] weights = new float[area.width * area.height];
    for (SoftEllipse e : ellipses(faces)) {
      paint(e, area, weights);
    }
    Mat mask = new Mat(area.height, area.width, CvType.CV_32F);
    mask.put(0, 0, weights);
    return mask;
  }

  /**
   * The smallest rectangle of an image of {@code size} outside which the mask is 0; empty when
   * none.
   */
  public Rect bounds(Size size, List<Face> faces) {
    Rect image = new Rect(0, 0, (int) size.width, (int) size.height);
    Rect union = null;
    for (SoftEllipse e : ellipses(faces)) {
      Rect r = intersect(e.bounds(), image);
      if (r.area() > 0) {
        union = union == null ? r : unite(union, r);
      }
    }
    return union == null ? new Rect() : union;
  }

  List<SoftEllipse> ellipses(List<Face> faces) {
    List<SoftEllipse> all = new ArrayList<>();
    for (Face face : faces) {
      FaceFrame frame = FaceFrame.of(face);
      if (frame.unit() > 0) {
        regions.forEach(region -> all.addAll(region.place(frame)));
      }
    }
    return all;
  }

  /** Regions overlap (and faces may): a pixel keeps the largest weight any of them gives it. */
  private static void paint(SoftEllipse e, Rect area, float[] weights) {
    Rect r = intersect(e.bounds(), area);
    for (int y = r.y; y < r.y + r.height; y++) {
      int row = (y - area.y) * area.width - area.x;
      for (int x = r.x; x < r.x + r.width; x++) {
        float w = (float) e.weight(x, y);
        if (w > weights[row + x]) {
          weights[row + x] = w;
        }
      }
    }
  }

  private static FaceRegion parse(String name) {
    for (FaceRegion region : FaceRegion.values()) {
      if (region.configName().equalsIgnoreCase(name.trim())) {
        return region;
      }
    }
    throw ConfigReader.invalid(
        KEY, "names an unknown region '" + name + "' (known: eyes, lips, cheeks, hairline)");
  }

  private static Rect intersect(Rect a, Rect b) {
    int x0 = Math.max(a.x, b.x);
    int y0 = Math.max(a.y, b.y);
    int x1 = Math.min(a.x + a.width, b.x + b.width);
    int y1 = Math.min(a.y + a.height, b.y + b.height);
    return x1 > x0 && y1 > y0 ? new Rect(x0, y0, x1 - x0, y1 - y0) : new Rect(x0, y0, 0, 0);
  }

  private static Rect unite(Rect a, Rect b) {
    int x0 = Math.min(a.x, b.x);
    int y0 = Math.min(a.y, b.y);
    return new Rect(
        x0,
        y0,
        Math.max(a.x + a.width, b.x + b.width) - x0,
        Math.max(a.y + a.height, b.y + b.height) - y0);
  }
}
