package io.gpenspark.listing;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which listed names count: images by extension (any case); nothing hidden or underscored
 * (_manifest, _SUCCESS, _faces, .tmp, .crc) at any depth, so the job's own outputs are never
 * inputs.
 */
public final class ImagePathFilter implements Serializable {
  private final Set<String> extensions;

  public ImagePathFilter(List<String> extensions) {
    this.extensions =
        extensions.stream()
            .map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** A directory or file name that listing must not descend into or return. */
  public static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  public boolean isImage(String name) {
    if (isHidden(name)) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
