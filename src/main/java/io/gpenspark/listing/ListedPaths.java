package io.gpenspark.listing;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The paths a list or table names, made into what the lister would have found: qualified like the
 * input root (scheme, authority, normalised path, as Hadoop's Path writes it), below it, and kept
 * only if the lister would have kept them (an image name, nothing hidden or underscored below the
 * root, not in the job's own output or manifest folders). String work, with Hadoop's Path only for
 * the rare path that needs normalising: no storage call, and cheap for millions of rows.
 */
final class ListedPaths implements Serializable {
  /** {@code scheme:/…}: a URI with a scheme; anything else not starting with "/" is relative. */
  private static final Pattern WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

  private final String root;

  /** The root with a trailing slash: every resolved path starts with it. */
  private final String rootSlash;

  /**
   * The root without its path ({@code s3a://bucket}, {@code file:}): absolute paths go after it.
   */
  private final String origin;

  private final String rootScheme;
  private final String rootAuthority;
  private final ImagePathFilter filter;
  private final Excluded skip;

  /**
   * @param qualifiedRoot the input root as its file system qualifies it
   */
  ListedPaths(Path qualifiedRoot, ImagePathFilter filter, Excluded skip) {
    this.root = qualifiedRoot.toString();
    this.rootSlash = root.endsWith("/") ? root : root + "/";
    this.origin = root.substring(0, root.length() - qualifiedRoot.toUri().getPath().length());
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
  String resolve(String listed) {
    boolean withScheme = WITH_SCHEME.matcher(listed).matches();
    String candidate =
        withScheme ? listed : listed.startsWith("/") ? origin + listed : rootSlash + listed;
    if (candidate.startsWith(rootSlash) && plain(candidate, rootSlash.length())) {
      return candidate; // what Path would make of it: nothing to normalise
    }
    Path p;
    try {
      // Relative paths are appended to the root as text, so "10:30.jpg" is never a scheme.
      p = new Path(withScheme ? listed : candidate);
    } catch (IllegalArgumentException e) {
      return null; // not a path Hadoop can name at all: it names nothing below the root either
    }
    if (!Objects.equals(p.toUri().getScheme(), rootScheme)
        || !emptyIfNull(p.toUri().getAuthority()).equals(rootAuthority)) {
      return null;
    }
    String q = p.toString();
    return q.startsWith(rootSlash) && plain(q, rootSlash.length()) ? q : null;
  }

  /**
   * Whether the lister would return {@code qualified} (a result of {@link #resolve}): an image
   * name, no hidden or underscored folder between it and the root, not at or under an excluded
   * folder.
   */
  boolean wanted(String qualified) {
    if (!filter.isImage(qualified.substring(qualified.lastIndexOf('/') + 1))
        || skip.contains(qualified)) {
      return false;
    }
    for (int from = rootSlash.length(), slash; (slash = qualified.indexOf('/', from)) > 0; ) {
      if (ImagePathFilter.isHidden(qualified.substring(from, slash))
          || skip.contains(qualified.substring(0, slash))) {
        return false;
      }
      from = slash + 1;
    }
    return true;
  }

  /** Whether {@code s} from {@code start} is segments with no empty, "." or ".." among them. */
  private static boolean plain(String s, int start) {
    if (start >= s.length()) {
      return false;
    }
    for (int from = start; from <= s.length(); ) {
      int slash = s.indexOf('/', from);
      int end = slash < 0 ? s.length() : slash;
      int len = end - from;
      if (len == 0
          || (len == 1 && s.charAt(from) == '.')
          || (len == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == '.')) {
        return false;
      }
      from = end + 1;
    }
    return true;
  }

  private static String emptyIfNull(String s) {
    return s == null ? "" : s;
  }
}
