package io.gpenspark.bench;

import io.gpenspark.imageio.OpenCv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Small no-face JPEGs in folders, the overhead section's archive: each a colour gradient under
 * seeded noise (no two alike, nothing YuNet takes for a face), written with OpenCV at quality 90.
 * Usable on its own to make a test tree: {@code SmallImages.write(dir, 2000, 20, 64)}.
 */
final class SmallImages {
  private SmallImages() {}

  /**
   * {@code count} JPEGs of {@code side}×{@code side} pixels spread over {@code folders} folders
   * (d000/img-00000.jpg, …) under {@code dir}; files already there are kept, so a second call is
   * free.
   */
  static Path write(Path dir, int count, int folders, int side) {
    OpenCv.load();
    Mat ramp = gradient(side);
    Mat noise = new Mat(side, side, CvType.CV_8UC3);
    Mat image = new Mat();
    MatOfInt quality = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    try {
      for (int i = 0; i < count; i++) {
        Path folder = dir.resolve(String.format(Locale.ROOT, "d%03d", i % folders));
        Path file = folder.resolve(String.format(Locale.ROOT, "img-%05d.jpg", i));
        if (Files.exists(file)) {
          continue;
        }
        Files.createDirectories(folder);
        Core.setRNGSeed(i);
        Core.randn(noise, 128, 24);
        Core.addWeighted(ramp, 1, noise, 1, -128, image); // zero-mean noise, saturated
        Core.add(image, new Scalar(i % 7 * 9, i % 5 * 11, i % 3 * 13), image);
        if (!Imgcodecs.imwrite(file.toString(), image, quality)) {
          throw new IOException("OpenCV could not write " + file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ramp.release();
      noise.release();
      image.release();
      quality.release();
    }
    return dir;
  }

  /** A BGR ramp: blue across, green down, red along the diagonal. */
  private static Mat gradient(int side) {
    Mat m = new Mat(side, side, CvType.CV_8UC3);
    byte[] px = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int o = (y * side + x) * 3;
        px[o] = (byte) (40 + 160 * x / side);
        px[o + 1] = (byte) (40 + 160 * y / side);
        px[o + 2] = (byte) (40 + 80 * (x + y) / side);
      }
    }
    m.put(0, 0, px);
    return m;
  }
}
