package io.gpenspark.model;

import io.gpenspark.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A model file named by a local path or any Hadoop FS URI. Remote files are copied once per
 * executor into a local cache (native loaders need a local file); the sha256, when given, is
 * checked on the bytes actually used.
 */
public final class ModelSource {
  private ModelSource() {}

  /** A local file holding the model, copied from {@code uri} if it is remote. */
  public static synchronized Path localFile(
      String uri, Configuration conf, Optional<String> sha256, Path cacheDir) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    String scheme = p.toUri().getScheme();
    try {
      Path local;
      if (scheme == null || scheme.equals("file")) {
        local = Path.of(p.toUri().getPath());
        if (!Files.isRegularFile(local)) {
          throw new InvalidConfigException("model file not found: " + uri);
        }
      } else {
        local = cacheDir.resolve(Integer.toHexString(uri.hashCode()) + "-" + p.getName());
        if (!Files.isRegularFile(local)) {
          copy(p, conf, local);
        }
      }
      if (sha256.isPresent()) {
        String actual = sha256(local);
        if (!actual.equalsIgnoreCase(sha256.get())) {
          throw new InvalidConfigException(
              "model file " + uri + " has sha256 " + actual + ", expected " + sha256.get());
        }
      }
      return local;
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read model file " + uri + ": " + e.getMessage(), e);
    }
  }

  private static void copy(org.apache.hadoop.fs.Path from, Configuration conf, Path to)
      throws IOException {
    Files.createDirectories(to.getParent());
    Path tmp = Files.createTempFile(to.getParent(), ".download-", ".part");
    FileSystem fs = from.getFileSystem(conf);
    if (!fs.exists(from)) {
      throw new InvalidConfigException("model file not found: " + from);
    }
    try (InputStream in = fs.open(from)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
