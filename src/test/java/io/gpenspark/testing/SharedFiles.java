package io.gpenspark.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test data and models from ../shared (relative to the repository root; CI has it too). */
public final class SharedFiles {
  private SharedFiles() {}

  public static Path root() {
    Path p =
        Path.of(System.getProperty("gpenspark.shared", "../shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("test data folder not found: " + p);
    }
    return p;
  }

  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing shared test file: " + p);
    }
    return p;
  }

  public static Path yunet() {
    return path("models/face_detection_yunet_2023mar.onnx");
  }

  public static Path faces(String relative) {
    return path("testdata/faces/" + relative);
  }
}
