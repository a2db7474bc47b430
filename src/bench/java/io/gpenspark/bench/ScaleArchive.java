package io.gpenspark.bench;

import io.gpenspark.imageio.OpenCv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A synthetic scanned archive for the scale section: N small real JPEGs (64×64, no face, ~1.5 KB)
 * in folders of {@link #PER_FOLDER} ({@code box-0001/scan-000001.jpg} …), one encoded image written
 * N times. Planning never decodes an image, so N copies of one cost what N different scans would:
 * one listing entry and one manifest row each. Each N has its own tree (listing cost is N's), built
 * once and kept: a marker file written after the last image says it is complete.
 */
final class ScaleArchive {
  static final int PER_FOLDER = 1000;
  private static final String MARKER = "archive.complete";

  private ScaleArchive() {}

  /** {@code dir}/in holding {@code n} images, built unless {@code dir}/archive.complete says so. */
  static Path ensure(Path dir, int n) throws IOException {
    Path in = dir.resolve("in");
    Path marker = dir.resolve(MARKER);
    if (Files.isDirectory(in)
        && Files.isRegularFile(marker)
        && Files.readString(marker).strip().equals(Integer.toString(n))) {
      return in;
    }
    Bench.log("scale: writing %,d images under %s", n, in);
    Bench.deleteTree(in);
    Path partial = Files.createDirectories(dir.resolve("in.partial"));
    Bench.deleteTree(partial);
    byte[] jpeg = jpeg();
    for (int i = 0; i < n; i++) {
      Path box = partial.resolve(String.format(Locale.ROOT, "box-%04d", i / PER_FOLDER + 1));
      if (i % PER_FOLDER == 0) {
        Files.createDirectories(box);
      }
      Files.write(box.resolve(String.format(Locale.ROOT, "scan-%06d.jpg", i + 1)), jpeg);
    }
    Files.move(partial, in, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(marker, n + "\n");
    return in;
  }

  /** A 64×64 colour JPEG (a gradient with noise, quality 90): a real, faceless, tiny scan. */
  static byte[] jpeg() {
    OpenCv.load();
    Random random = new Random(64);
    Mat image = new Mat(64, 64, CvType.CV_8UC3);
    byte[] pixels = new byte[64 * 64 * 3];
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int i = (y * 64 + x) * 3;
        pixels[i] = (byte) (60 + x + random.nextInt(24));
        pixels[i + 1] = (byte) (90 + y + random.nextInt(24));
        pixels[i + 2] = (byte) (120 + (x + y) / 2 + random.nextInt(24));
      }
    }
    image.put(0, 0, pixels);
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(".jpg", image, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
    byte[] bytes = out.toArray();
    image.release();
    out.release();
    return bytes;
  }
}
