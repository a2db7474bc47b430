package io.gpenspark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A folder of photos the job has never seen: real faces from ../shared copied under nested folders
 * with spaces and upper-case extensions, a faceless image and a broken file. Keys are relative
 * paths, values the expected status.
 */
public final class PhotoTree {
  private PhotoTree() {}

  public static Map<String, String> write(Path root) throws IOException {
    io.gpenspark.imageio.OpenCv.load();
    Map<String, String> expected = new LinkedHashMap<>();
    copy(root, "gfpgan-cropped/Adele_crop.png", "portraits/Adele crop.PNG", expected, "ok");
    copy(root, "codeformer-whole/00.jpg", "family 1950/group photo.JPG", expected, "ok");
    copy(root, "codeformer-gray/Einstein01.png", "family 1950/grey/einstein.png", expected, "ok");
    Mat flat = new Mat(300, 400, CvType.CV_8UC3, new Scalar(60, 110, 160));
    MatOfByte png = new MatOfByte();
    Imgcodecs.imencode(".png", flat, png);
    Files.write(
        Files.createDirectories(root.resolve("landscapes")).resolve("sky.png"), png.toArray());
    expected.put("landscapes/sky.png", "no_face");
    Files.writeString(root.resolve("landscapes/broken.jpg"), "this is not a jpeg");
    expected.put("landscapes/broken.jpg", "failed");
    Files.writeString(root.resolve("landscapes/notes.txt"), "not an image, not listed");
    return expected;
  }

  private static void copy(
      Path root, String shared, String rel, Map<String, String> expected, String status)
      throws IOException {
    Path to = root.resolve(rel);
    Files.createDirectories(to.getParent());
    Files.copy(SharedFiles.faces(shared), to);
    expected.put(rel, status);
  }
}
