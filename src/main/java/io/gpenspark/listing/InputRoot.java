package io.gpenspark.listing;

import org.apache.hadoop.fs.Path;

/** The directory that output paths are relative to: the input itself, or a glob's fixed prefix. */
final class InputRoot {
  private InputRoot() {}

  static boolean isGlob(Path p) {
    return p.toUri().getPath().matches(".*[*?\\[{].*");
  }

  static Path of(Path input) {
    Path p = input;
    while (p != null && isGlob(p)) {
      p = p.getParent();
    }
    return p == null ? input : p;
  }
}
