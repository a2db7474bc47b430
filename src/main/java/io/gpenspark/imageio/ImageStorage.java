package io.gpenspark.imageio;

import io.gpenspark.config.InvalidConfigException;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Bytes in and out of any Hadoop FileSystem (photos on the executors, reports on the driver). One
 * write per object.
 */
public final class ImageStorage {
  private final Configuration conf;

  public ImageStorage(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Writes {@code text} (UTF-8) to {@code uri}, replacing what was there: reports, tables,
   * parameters.
   */
  public static void writeText(String uri, String text, Configuration conf) {
    Path p = new Path(uri);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code uri} as its FileSystem qualifies it (scheme and authority filled in, e.g. {@code
   * file:/…}); a URI no FileSystem serves is a configuration problem.
   */
  public static String qualified(String uri, Configuration conf) {
    Path p = new Path(uri);
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new InvalidConfigException("cannot use " + uri + ": " + e.getMessage(), e);
    }
  }

  public byte[] read(String path, long expectedSize) {
    try {
      Path p = new Path(path);
      FileSystem fs = fileSystem(p);
      if (expectedSize > Integer.MAX_VALUE - 16) {
        throw new ImageFailure(
            ErrorCode.TOO_LARGE, "file of " + expectedSize + " bytes is too large to read");
      }
      try (FSDataInputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw new ImageFailure(ErrorCode.NOT_FOUND, "no such file: " + path, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ImageFailure(
          ErrorCode.READ_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes (overwriting) the whole object in one go: retries leave the same bytes at the same key.
   */
  public void write(String path, byte[] bytes) {
    try {
      Path p = new Path(path);
      FileSystem fs = fileSystem(p);
      try (OutputStream out = create(fs, p)) {
        out.write(bytes);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ImageFailure(
          ErrorCode.WRITE_ERROR, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code p} on {@code fs}, replacing what was there, with its missing parent folders.
   * Local files go through java.nio (permissions from the process's umask): Hadoop's local file
   * system without its native library sets each new file's and folder's permissions by running
   * {@code chmod} in a child process, a few ms of CPU per photo.
   */
  public static OutputStream create(FileSystem fs, Path p) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      java.nio.file.Path file = local.pathToFile(p).toPath();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return new BufferedOutputStream(Files.newOutputStream(file));
    }
    return fs.create(p, true);
  }

  /**
   * The file system of {@code p}; for local files the raw one, without the .crc side files of
   * Hadoop's checksummed local file system. Photos come without them, the outputs need none, and
   * that layer cannot even name the side file of a photo with ':' in its name (it parses
   * ".10:30.jpg.crc" as a URI with scheme ".10").
   */
  private FileSystem fileSystem(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }
}
