package io.gpenspark.listing;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Lists the images under an input URI (directory, prefix or glob; any Hadoop FileSystem).
 *
 * <p>Like Iceberg's orphan-file action, the driver lists breadth first only up to a bounded number
 * of directories; the directories still unlisted are fanned out to the executors, which list their
 * subtrees in parallel. Only paths, sizes and times ever reach the driver.
 *
 * <p>Folders the job writes to (the output, the manifest) are never listed when they lie under the
 * input, so a run never takes its own outputs as inputs ({@code --output photos/restored} under
 * {@code --input photos}). Paths are compared qualified, on the driver and the executors.
 */
public final class InputLister {
  private final JavaSparkContext sc;
  private final ImagePathFilter filter;
  private final int driverMaxDirs;

  public InputLister(JavaSparkContext sc, ImagePathFilter filter, int driverMaxDirs) {
    this.sc = sc;
    this.filter = filter;
    this.driverMaxDirs = driverMaxDirs;
  }

  /**
   * The listing: the input root (to which output paths are relative), the files as an RDD, and
   * which of the excluded URIs lie under the input root (left out of the listing).
   */
  public record Listing(String root, JavaRDD<InputFile> files, List<String> excludedUnderInput) {}

  public Listing list(String inputUri) {
    return list(inputUri, List.of());
  }

  /**
   * The images under {@code inputUri}, leaving out anything at or under the {@code excluded} URIs.
   */
  public Listing list(String inputUri, List<String> excluded) {
    Configuration conf = sc.hadoopConfiguration();
    Path input = new Path(inputUri);
    try {
      FileSystem fs = input.getFileSystem(conf);
      Path root = fs.makeQualified(InputRoot.of(input));
      Excluded skip = Excluded.of(excluded, conf);
      List<InputFile> files = new ArrayList<>();
      Deque<Path> dirs = new ArrayDeque<>();
      boolean glob = InputRoot.isGlob(input);
      for (FileStatus s : roots(fs, input)) {
        addEntry(
            fs, s, files, dirs, skip, !glob); // a directory named outright is listed even if hidden
      }
      int listed = 0;
      while (!dirs.isEmpty() && listed < driverMaxDirs) {
        listDirectory(fs, dirs.poll(), files, dirs, skip);
        listed++;
      }
      List<String> underInput = skip.under(root);
      JavaRDD<InputFile> onDriver = sc.parallelize(files, slices(files, sc.defaultParallelism()));
      if (dirs.isEmpty()) {
        return new Listing(root.toString(), onDriver, underInput);
      }
      List<String> remaining = dirs.stream().map(Path::toString).toList();
      Broadcast<SerializableConfiguration> bconf =
          sc.broadcast(new SerializableConfiguration(conf));
      ImagePathFilter f = filter;
      JavaRDD<InputFile> onExecutors =
          sc.parallelize(remaining, Math.min(remaining.size(), 10_000))
              .flatMap(dir -> listTree(new Path(dir), bconf.value().get(), f, skip).iterator());
      return new Listing(root.toString(), onDriver.union(onExecutors), underInput);
    } catch (FileNotFoundException e) {
      throw new InvalidConfigException("input not found: " + inputUri);
    } catch (IOException e) {
      throw new InvalidConfigException("cannot list input " + inputUri + ": " + ErrorLine.typed(e));
    }
  }

  /**
   * Bytes of the driver's paths a task carries at most: Spark warns about (and sends whole) a task
   * over 1 MB, and one task per core would carry ~9 MB at 200,000 paths.
   */
  static final long TASK_BYTES = 512 * 1024;

  /** A listed file serialised besides its path's characters: object header, size and time. */
  private static final int ENTRY_BYTES = 32;

  /** Slices of the driver's files: the default parallelism, more when a task would be too big. */
  static int slices(List<InputFile> files, int parallelism) {
    long bytes = 0;
    for (InputFile f : files) {
      bytes += f.path().length() + ENTRY_BYTES;
    }
    return (int) Math.max(Math.max(1, parallelism), (bytes + TASK_BYTES - 1) / TASK_BYTES);
  }

  private static FileStatus[] roots(FileSystem fs, Path input) throws IOException {
    if (InputRoot.isGlob(input)) {
      FileStatus[] matches = fs.globStatus(input);
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException(input.toString());
      }
      return matches;
    }
    return new FileStatus[] {fs.getFileStatus(input)};
  }

  private void addEntry(
      FileSystem fs,
      FileStatus s,
      List<InputFile> files,
      Deque<Path> dirs,
      Excluded skip,
      boolean explicit) {
    String name = s.getPath().getName();
    if (skip.contains(fs.makeQualified(s.getPath()))) {
      return;
    }
    if (s.isDirectory()) {
      if (explicit || !ImagePathFilter.isHidden(name)) {
        dirs.add(s.getPath());
      }
    } else if (filter.isImage(name)) {
      files.add(new InputFile(s.getPath().toString(), s.getLen(), s.getModificationTime()));
    }
  }

  private void listDirectory(
      FileSystem fs, Path dir, List<InputFile> files, Deque<Path> dirs, Excluded skip)
      throws IOException {
    RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
    while (it.hasNext()) {
      addEntry(fs, it.next(), files, dirs, skip, false);
    }
  }

  /** Executor side: the whole subtree of one directory, depth first. */
  static List<InputFile> listTree(
      Path dir, Configuration conf, ImagePathFilter filter, Excluded skip) {
    InputLister local = new InputLister(null, filter, Integer.MAX_VALUE);
    List<InputFile> files = new ArrayList<>();
    Deque<Path> dirs = new ArrayDeque<>();
    dirs.add(dir);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      while (!dirs.isEmpty()) {
        local.listDirectory(fs, dirs.pop(), files, dirs, skip);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return files;
  }
}
