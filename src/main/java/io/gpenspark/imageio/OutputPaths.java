package io.gpenspark.imageio;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * Maps an input path to its output key: the same path relative to the input root, under the output
 * root, with the extension the output format asks for. Deterministic, so a retried task writes the
 * same key.
 *
 * <p>Nothing is written outside the output root: a relative path with an empty, "." or ".." segment
 * (an object key such as {@code scans/../../x.jpg}) or one that Hadoop's Path would resolve
 * elsewhere is refused with {@code write_error}. Names are kept verbatim: a name such as {@code
 * ..%2Fx.jpg} is one file of that literal name inside the output, never decoded.
 */
public final class OutputPaths implements Serializable {
  private final String inputRoot;
  private final String outputRoot;
  private final OutputFormat format;

  public OutputPaths(String inputRoot, String outputRoot, OutputFormat format) {
    this.inputRoot = withoutTrailingSlash(inputRoot);
    this.outputRoot = withoutTrailingSlash(outputRoot);
    this.format = format;
  }

  /**
   * The input's path below the input root, e.g. "1950/family photo.JPG"; refused unless a plain
   * relative path.
   */
  public String relative(String inputPath) {
    String rel;
    if (inputPath.startsWith(inputRoot + "/")) {
      rel = inputPath.substring(inputRoot.length() + 1);
    } else if (inputPath.equals(inputRoot)) { // the input URI named a single file
      rel = inputPath.substring(inputPath.lastIndexOf('/') + 1);
    } else {
      throw refused("input " + inputPath + " is not below the input root " + inputRoot);
    }
    for (String segment : rel.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw refused(
            "input " + inputPath + " has an empty, '.' or '..' segment below the input root");
      }
    }
    return rel;
  }

  public String outputFor(String inputPath) {
    String rel = relative(inputPath);
    return inside(
        outputRoot, outputRoot + "/" + withExtension(rel, format.extensionFor(extension(rel))));
  }

  /**
   * Where a saved face crop goes: {@code <output>/_faces/<relative dir>/<stem>_face<NN>_<kind>.png}
   * (the underscore keeps _faces out of any later listing of the output).
   */
  public String facePath(String inputPath, int faceIndex, String kind) {
    String rel = relative(inputPath);
    String stem = withExtension(rel, "");
    return inside(
        outputRoot,
        outputRoot
            + "/_faces/"
            + stem.substring(0, stem.length() - 1)
            + String.format(java.util.Locale.ROOT, "_face%02d_%s.png", faceIndex, kind));
  }

  /** The same relative path under another root (ground-truth images for metrics). */
  public String under(String root, String inputPath) {
    String r = withoutTrailingSlash(root);
    return inside(r, r + "/" + relative(inputPath));
  }

  /**
   * {@code path} as it is, after checking that Hadoop reads it as a path below {@code root}: same
   * scheme and authority, and its normalised path under the root's.
   */
  private static String inside(String root, String path) {
    java.net.URI r = new Path(root).toUri();
    java.net.URI p;
    try {
      p = new Path(path).toUri();
    } catch (IllegalArgumentException e) {
      throw refused("not a usable output path " + path + ": " + e.getMessage());
    }
    String rootPath = withoutTrailingSlash(r.getPath());
    if (!java.util.Objects.equals(r.getScheme(), p.getScheme())
        || !java.util.Objects.equals(r.getAuthority(), p.getAuthority())
        || !p.getPath().startsWith(rootPath.equals("/") ? "/" : rootPath + "/")) {
      throw refused(path + " would resolve to " + p + ", outside " + root);
    }
    return path;
  }

  private static ImageFailure refused(String why) {
    return new ImageFailure(
        ErrorCode.WRITE_ERROR, "refusing to write outside the output root: " + why);
  }

  public static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static String withExtension(String path, String ext) {
    String current = extension(path);
    return path.substring(0, path.length() - current.length()) + ext;
  }

  private static String withoutTrailingSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
