package io.gpenspark.report;

import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.job.RunRecord;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run records ({@link RunRecord}) that belong to a manifest, read through Hadoop FS: the only
 * trace of a run that had nothing to do, and what only the driver knows of the others (inputs,
 * unchanged, remaining, outcome). They lie under the output ({@code <output>/_runs/}); found here
 * beside the manifest's folder, where the default manifest ({@code <output>/_manifest}) has them,
 * and only those that name this manifest. A manifest elsewhere (manifest.uri) has none here.
 */
public final class RunRecords {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);

  /** By start, then run id. */
  static final Comparator<RunRecord> OLDEST_FIRST =
      Comparator.comparing(RunRecord::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(RunRecord::runId);

  private RunRecords() {}

  /** The records of {@code manifest}'s runs, oldest first; none when there is no such folder. */
  public static List<RunRecord> of(String manifest, Configuration conf) {
    Path root = new Path(manifest);
    if (root.getParent() == null) {
      return List.of();
    }
    Path folder = new Path(root.getParent(), RunRecord.FOLDER);
    String qualified = ImageStorage.qualified(manifest, conf);
    FileSystem fs;
    FileStatus[] files;
    try {
      fs = folder.getFileSystem(conf);
      files = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list run records in " + folder + ": " + e, e);
    }
    // Read in parallel: a nightly schedule leaves hundreds of small objects.
    return Arrays.stream(files)
        .parallel()
        .filter(f -> f.isFile() && f.getPath().getName().endsWith(".json"))
        .filter(f -> !f.getPath().getName().startsWith("."))
        .flatMap(f -> read(fs, f.getPath()).stream())
        .filter(r -> r.manifest() != null)
        .filter(r -> ImageStorage.qualified(r.manifest(), conf).equals(qualified))
        .sorted(OLDEST_FIRST)
        .toList();
  }

  /** One record; a file that is not one is left out with a warning, never fails the report. */
  private static List<RunRecord> read(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      return List.of(RunRecord.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      LOG.warn("{} left out: {}", file, e.getMessage());
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run record " + file + ": " + e, e);
    }
  }
}
