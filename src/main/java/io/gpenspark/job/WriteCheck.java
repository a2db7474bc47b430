package io.gpenspark.job;

import io.gpenspark.config.ErrorLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Proves a location writable before any image is processed: writes and deletes a small
 * underscore-named object there, so an unwritable output or manifest stops the job at once instead
 * of after every image has failed to write.
 */
final class WriteCheck {
  private WriteCheck() {}

  static void probe(String uri, String runId, Configuration hadoop) {
    Path probe = new Path(uri, "_gpen-spark-write-check-" + runId);
    try {
      FileSystem fs = probe.getFileSystem(hadoop);
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          new IOException("cannot write to " + uri + ": " + ErrorLine.first(e.getMessage()), e));
    }
  }
}
