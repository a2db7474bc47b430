package io.gpenspark.imageio;

import java.io.Serializable;

/**
 * Maps an input path to its output key: the same path relative to the input root, under the
 * output root, with the extension the output format asks for. Deterministic, so a retried task
 * writes the same key.
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

  /** The input's path below the input root, e.g. "1950/family photo.JPG". */
  public String relative(String inputPath) {
    if (inputPath.startsWith(inputRoot + "/")) {
      return inputPath.substring(inputRoot.length() + 1);
    }
    if (inputPath.equals(inputRoot)) { // the input URI named a single file
      return inputPath.substring(inputPath.lastIndexOf('/') + 1);
    }
    throw new IllegalArgumentException("input " + inputPath + " is not below the input root " + inputRoot);
  }

  public String outputFor(String inputPath) {
    String rel = relative(inputPath);
    return outputRoot + "/" + withExtension(rel, format.extensionFor(extension(rel)));
  }

  /**
   * Where a saved face crop goes: {@code <output>/_faces/<relative dir>/<stem>_face<NN>_<kind>.png}
   * (the underscore keeps _faces out of any later listing of the output).
   */
  public String facePath(String inputPath, int faceIndex, String kind) {
    String rel = relative(inputPath);
    String stem = withExtension(rel, "");
    return outputRoot + "/_faces/" + stem.substring(0, stem.length() - 1)
        + String.format(java.util.Locale.ROOT, "_face%02d_%s.png", faceIndex, kind);
  }

  /** The same relative path under another root (ground-truth images for metrics). */
  public String under(String root, String inputPath) {
    return withoutTrailingSlash(root) + "/" + relative(inputPath);
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
