package io.gpenspark.bench;

import com.typesafe.config.ConfigUtil;
import io.gpenspark.config.JobConfig;
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
import org.apache.hadoop.fs.FileSystem;

/**
 * The pipeline sections' inputs and configuration: N copies of the photo in a scratch input
 * folder, the job configuration that points at them (defaults plus --set), the GPEN weights for
 * a size, and the inputs as the job's lister would name them.
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
      return RandomGpen.checkpoint(BenchOptions.config(Integer.toString(size)), o.work.resolve("weights"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The job configuration for inputs in {@code in}, outputs to {@code out}, with GPEN {@code size}. */
  static JobConfig config(BenchOptions o, Path in, Path out, int size, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("model.path", quoted(weights(o, size).toAbsolutePath().toString()));
    overrides.put("detect.model", quoted(o.detectorFile().toAbsolutePath().toString()));
    overrides.put("output.save-faces", "false");
    overrides.put("job.progress-interval", "0");
    overrides.putAll(o.settings);
    overrides.putAll(extra);
    overrides.put("input.uri", quoted(in.toAbsolutePath().toString()));
    overrides.put("output.uri", quoted(out.toAbsolutePath().toString()));
    return JobConfig.load(null, overrides);
  }

  private static String quoted(String s) {
    return ConfigUtil.quoteString(s);
  }

  /** The folder qualified as the job's lister qualifies its input root (file:/…). */
  static String qualified(Path dir, Configuration hadoop) {
    try {
      return FileSystem.getLocal(hadoop)
          .makeQualified(new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toString()))
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of {@code dir}, sorted by name, as InputFiles under its qualified root. */
  static List<InputFile> files(Path dir, Configuration hadoop) {
    String root = qualified(dir, hadoop);
    List<InputFile> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.add(new InputFile(root + "/" + p.getFileName(), Files.size(p),
            Files.getLastModifiedTime(p).toMillis()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
