package io.gpenspark.imageio;

import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Bytes in and out of any Hadoop FileSystem, on the executor. One write per object. */
public final class ImageStorage {
  private final Configuration conf;

  public ImageStorage(Configuration conf) {
    this.conf = conf;
  }

  public byte[] read(String path, long expectedSize) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (expectedSize > Integer.MAX_VALUE - 16) {
        throw new ImageFailure(ErrorCode.TOO_LARGE, "file of " + expectedSize + " bytes is too large to read");
      }
      try (FSDataInputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new ImageFailure(ErrorCode.READ_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes (overwriting) the whole object in one go: retries leave the same bytes at the same key. */
  public void write(String path, byte[] bytes) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      fs.setWriteChecksum(false);
      try (OutputStream out = fs.create(p, true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new ImageFailure(ErrorCode.WRITE_ERROR, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
