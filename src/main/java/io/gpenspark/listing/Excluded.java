package io.gpenspark.listing;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Folders a listing must not return or enter: the job's own output and manifest prefixes. Held
 * qualified by their file system (scheme, authority, absolute path), so {@code photos/restored},
 * {@code file:///…/photos/restored} and a listed {@code file:/…/photos/restored} are one folder.
 */
final class Excluded implements Serializable {
  /** URI as given → qualified path string. */
  private final LinkedHashMap<String, String> folders;

  private Excluded(LinkedHashMap<String, String> folders) {
    this.folders = folders;
  }

  static Excluded of(List<String> uris, Configuration conf) {
    LinkedHashMap<String, String> q = new LinkedHashMap<>();
    for (String uri : uris) {
      Path p = new Path(uri);
      try {
        q.put(uri, p.getFileSystem(conf).makeQualified(p).toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + uri, e);
      }
    }
    return new Excluded(q);
  }

  /** Whether a listed path, qualified by its file system, is one of the excluded folders. */
  boolean contains(Path qualifiedPath) {
    return contains(qualifiedPath.toString());
  }

  /** The same for a qualified path as Hadoop's Path writes it. */
  boolean contains(String qualifiedPath) {
    return folders.containsValue(qualifiedPath);
  }

  /**
   * The excluded URIs (as given) that lie strictly under {@code root}: the ones a listing leaves
   * out.
   */
  List<String> under(Path qualifiedRoot) {
    String prefix =
        qualifiedRoot.toString().endsWith("/") ? qualifiedRoot.toString() : qualifiedRoot + "/";
    return folders.entrySet().stream()
        .filter(e -> e.getValue().startsWith(prefix))
        .map(Map.Entry::getKey)
        .toList();
  }
}
