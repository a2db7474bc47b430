package io.gpenspark.model;

import ai.djl.Device;
import io.gpenspark.testing.Difference;
import io.gpenspark.testing.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child JVM for {@link ExistingLibtorchTest}: one golden fixture through GPEN on whatever
 * libtorch DJL finds; prints "forward MAX MEAN" (against the reference output) and the native
 * libraries this process mapped ("mapped PATH").
 */
public final class FixtureForward {
  private FixtureForward() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Npy.Array input = Npy.read(dir.resolve("input.npy"));
    Npy.Array expected = Npy.read(dir.resolve("output.npy"));
    try (FaceModel model =
        FaceModels.load(dir.resolve("weights.pth"), Optional.empty(), Device.cpu())) {
      Difference d = Difference.between(expected.data(), model.restore(input.data(), 1));
      System.out.println("forward " + d.max() + " " + d.mean());
    }
    Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .filter(l -> l.contains("torch") || l.contains("libc10"))
        .map(l -> l.substring(l.indexOf('/')))
        .distinct()
        .forEach(p -> System.out.println("mapped " + p));
  }
}
