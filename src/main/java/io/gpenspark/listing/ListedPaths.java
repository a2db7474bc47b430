package io.gpenspark.listing;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The paths a list or table names, made into what the lister would have found: qualified like the
 * input root (scheme, authority, normalised path), below it, and kept only if the lister would have
 * kept them (an image name, nothing hidden or underscored below the root, not in the job's own
 * output or manifest folders). Pure string and Path work: no storage call.
 */
final class ListedPaths implements Serializable {
  /** {@code scheme:/…}: a URI with a scheme; anything else not starting with "/" is relative. */
  private static final Pattern WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

  private final String root;
  private final String rootScheme;
  private final String rootAuthority;
  private final ImagePathFilter filter;
  private final Excluded skip;

  /**
   * @param qualifiedRoot the input root as its file system qualifies it (no trailing slash)
   */
  ListedPaths(Path qualifiedRoot, ImagePathFilter filter, Excluded skip) {
    this.root = qualifiedRoot.toString();
    this.rootScheme = qualifiedRoot.toUri().getScheme();
    this.rootAuthority = emptyIfNull(qualifiedRoot.toUri().getAuthority());
    this.filter = filter;
    this.skip = skip;
  }

  String root() {
    return root;
  }

  /**
   * {@code listed} as a qualified path below the root, or null when it lies outside (another scheme
   * or bucket, another folder, or {@code ..} segments that climb out). A relative path is taken
   * below the root; an absolute one without a scheme is on the root's file system.
   */
  Path resolve(String listed) {
    Path p;
    try {
      if (WITH_SCHEME.matcher(listed).matches()) {
        p = new Path(listed);
        if (!Objects.equals(p.toUri().getScheme(), rootScheme)
            || !emptyIfNull(p.toUri().getAuthority()).equals(rootAuthority)) {
          return null;
        }
      } else if (listed.startsWith("/")) {
        p = new Path(rootScheme, rootAuthority.isEmpty() ? null : rootAuthority, listed);
      } else {
        // Appended to the root as text, so a name like "10:30.jpg" is never read as a scheme.
        p = new Path((root.endsWith("/") ? root : root + "/") + listed);
      }
    } catch (IllegalArgumentException e) {
      return null; // not a path Hadoop can name at all: it names nothing below the root either
    }
    String q = p.toString();
    return q.startsWith(root.endsWith("/") ? root : root + "/") ? p : null;
  }

  /**
   * Whether the lister would return {@code qualified} (already below the root): an image name, no
   * hidden or underscored folder between it and the root, not at or under an excluded folder.
   */
  boolean wanted(Path qualified) {
    if (!filter.isImage(qualified.getName()) || skip.contains(qualified)) {
      return false;
    }
    String rel = qualified.toString().substring(root.length());
    for (String segment : rel.split("/")) {
      if (!segment.isEmpty() && ImagePathFilter.isHidden(segment)) {
        return false;
      }
    }
    for (Path d = qualified.getParent();
        d != null && d.toString().length() > root.length();
        d = d.getParent()) {
      if (skip.contains(d)) {
        return false;
      }
    }
    return true;
  }

  private static String emptyIfNull(String s) {
    return s == null ? "" : s;
  }
}
