package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.listing.InputFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline sections' inputs and configuration: N copies of the photo in a scratch input folder,
 * the job configuration that points at them (defaults plus --set), the GPEN weights for a size, and
 * the inputs as the job's lister would name them.
 */
final class Workload {
  private Workload() {}

  /** A folder holding {@code n} copies of the photo as photo-0000.ext …, created once. */
  static Path inputs(BenchOptions o, String name, int n) {
    Path dir = o.scratch.resolve(name);
    try {
      Files.createDirectories(dir);
      String file = o.photo.getFileName().toString();
      String ext = file.substring(file.lastIndexOf('.') + 1);
      for (int i = 0; i < n; i++) {
        Path copy = dir.resolve(String.format(java.util.Locale.ROOT, "photo-%04d.%s", i, ext));
        if (!Files.exists(copy)) {
          Files.copy(o.photo, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** The weights for a pipeline section of GPEN size {@code size}: --weights, or random ones. */
  static Path weights(BenchOptions o, int size) {
    if (o.weights.isPresent()) {
      return o.weights.get();
    }
    try {
      return RandomGpen.checkpoint(
          BenchOptions.config(Integer.toString(size)), o.work.resolve("weights"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The job over the inputs in {@code in}, outputs to {@code out}, with GPEN {@code size}: the
   * bench's defaults, then --set, then the folders. {@code spark} may be null ({@link #config}).
   */
  static RestoreJob job(SparkSession spark, BenchOptions o, Path in, Path out, int size) {
    return RestoreJob.of(spark)
        .setAll(settings(o, size))
        .input(in.toAbsolutePath().toString())
        .output(out.toAbsolutePath().toString());
  }

  /**
   * The job settings of GPEN {@code size}: the bench's defaults, then --set (as --set k=v pairs).
   */
  static Map<String, String> settings(BenchOptions o, int size) {
    Map<String, String> m = new LinkedHashMap<>();
    // read as plain strings (as --set reads them), so paths need no HOCON quoting
    m.put("model.path", weights(o, size).toAbsolutePath().toString());
    m.put("detect.model", o.detectorFile().toAbsolutePath().toString());
    m.put("output.save-faces", "false");
    m.put("job.progress-interval", "0");
    m.putAll(o.settings);
    return m;
  }

  /** The configuration of {@link #job}, composed and checked. */
  static JobConfig config(BenchOptions o, Path in, Path out, int size) {
    return job(null, o, in, out, size).config();
  }

  /** The folder qualified as the job's lister qualifies its input root (file:/…). */
  static String qualified(Path dir, Configuration hadoop) {
    return ImageStorage.qualified(dir.toAbsolutePath().toString(), hadoop);
  }

  /** The files of {@code dir}, sorted by name, as InputFiles under its qualified root. */
  static List<InputFile> files(Path dir, Configuration hadoop) {
    String root = qualified(dir, hadoop);
    List<InputFile> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.add(
            new InputFile(
                root + "/" + p.getFileName(),
                Files.size(p),
                Files.getLastModifiedTime(p).toMillis()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
