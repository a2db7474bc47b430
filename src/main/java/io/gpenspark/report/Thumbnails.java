package io.gpenspark.report;

import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.OpenCv;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Small JPEG thumbnails of images on any Hadoop FileSystem, as data: URIs for a self-contained
 * page.
 */
public final class Thumbnails {
  /** Files larger than this are not read for a thumbnail. */
  static final long MAX_BYTES = 256L << 20;

  static final long MAX_PIXELS = 120_000_000L;

  private final Configuration conf;
  private final int maxEdge;

  public Thumbnails(Configuration conf, int maxEdge) {
    OpenCv.load();
    this.conf = conf;
    this.maxEdge = maxEdge;
  }

  /** A thumbnail, or why there is none. */
  public record Thumbnail(String dataUri, int width, int height, String problem) {
    public boolean ok() {
      return dataUri != null;
    }
  }

  public Thumbnail of(String uri) {
    if (uri == null) {
      return new Thumbnail(null, 0, 0, "no file");
    }
    Mat image = null;
    Mat small = new Mat();
    MatOfByte jpeg = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);
    try {
      image = ImageDecoder.decode(read(uri), MAX_PIXELS, 1);
      double scale = Math.min(1.0, (double) maxEdge / Math.max(image.cols(), image.rows()));
      int w = Math.max(1, (int) Math.round(image.cols() * scale));
      int h = Math.max(1, (int) Math.round(image.rows() * scale));
      Imgproc.resize(
          image,
          small,
          new Size(w, h),
          0,
          0,
          scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      Imgcodecs.imencode(".jpg", small, jpeg, params);
      return new Thumbnail(
          "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg.toArray()),
          image.cols(),
          image.rows(),
          null);
    } catch (IOException | RuntimeException e) {
      return new Thumbnail(null, 0, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      if (image != null) {
        image.release();
      }
      small.release();
      jpeg.release();
      params.release();
    }
  }

  private byte[] read(String uri) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(conf);
    long len = fs.getFileStatus(p).getLen();
    if (len > MAX_BYTES) {
      throw new IOException("file of " + len + " bytes is too large for a thumbnail");
    }
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }
}
