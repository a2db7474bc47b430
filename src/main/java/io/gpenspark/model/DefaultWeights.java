package io.gpenspark.model;

import io.gpenspark.config.ConfigReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The GPEN weights used when model.path is not set: the one {@code *.pth} or {@code *.pt} in {@code
 * models/}, where {@code models/fetch} writes them. Relative to the working directory, as
 * detect.model's default is: the launchers run the job from the repository root.
 */
public final class DefaultWeights {
  public static final Path FOLDER = Path.of("models");
  private static final String FETCH = "`models/fetch GPEN-BFR-512` (see models/README.md)";

  private DefaultWeights() {}

  /**
   * The absolute path of the one GPEN file in {@code folder}; refuses none or several in one line.
   */
  public static String in(Path folder) {
    List<Path> found = candidates(folder);
    String where = folder + "/";
    if (found.isEmpty()) {
      throw ConfigReader.invalid(
          "model.path",
          "is not set and "
              + where
              + " holds no GPEN weights (*.pth, *.pt): get them with "
              + FETCH
              + ", set model.path to them, or set restore.enabled=false");
    }
    if (found.size() > 1) {
      List<String> names = found.stream().map(p -> p.getFileName().toString()).toList();
      throw ConfigReader.invalid(
          "model.path",
          "is not set and "
              + where
              + " holds several GPEN weights ("
              + String.join(", ", names)
              + "): set model.path to the one to use, e.g. --set model.path="
              + folder.resolve(names.get(names.size() - 1)));
    }
    return found.get(0).toAbsolutePath().normalize().toString();
  }

  private static List<Path> candidates(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      // Hidden names are models/fetch's partial downloads.
      return files
          .filter(p -> isWeights(p.getFileName().toString()) && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static boolean isWeights(String name) {
    return !name.startsWith(".") && (name.endsWith(".pth") || name.endsWith(".pt"));
  }
}
