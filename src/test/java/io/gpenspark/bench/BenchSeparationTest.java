package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.job.RestoreJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar leaves io/gpenspark/bench out (pom.xml's shade filter), so no job class may refer
 * to a bench class: it would compile (one compilation) and fail on the cluster.
 */
class BenchSeparationTest {
  private static final String BENCH = "io/gpenspark/bench/";

  @Test
  void noJobClassRefersToTheBenchmark() throws IOException, URISyntaxException {
    Path classes =
        Path.of(RestoreJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path bench = classes.resolve("io/gpenspark/bench");
    assertTrue(Files.isDirectory(bench), "the benchmark compiles into " + classes);
    try (Stream<Path> s = Files.walk(classes)) {
      // Class names sit in the constant pool as UTF-8 with slashes (also inside descriptors).
      List<Path> offenders =
          s.filter(p -> p.toString().endsWith(".class") && !p.startsWith(bench))
              .filter(BenchSeparationTest::refersToBench)
              .toList();
      assertEquals(List.of(), offenders);
    }
  }

  private static boolean refersToBench(Path classFile) {
    try {
      // Latin-1 maps each byte to one char, so the class file can be searched as text.
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(BENCH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
