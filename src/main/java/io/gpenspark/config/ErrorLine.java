package io.gpenspark.config;

import java.io.IOException;

/**
 * A failure as one line: what the command line prints, the run record keeps and messages that wrap
 * another error quote. Native libraries and Hadoop put stack-like detail after the first line.
 */
public final class ErrorLine {
  private ErrorLine() {}

  /** The first line of {@code message} ("null" for none), without surrounding blanks. */
  public static String first(String message) {
    String m = String.valueOf(message).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  /** {@code e}'s type and the first line of its message: "FileNotFoundException: s3a://…". */
  public static String typed(Throwable e) {
    return e.getClass().getSimpleName() + ": " + first(e.getMessage());
  }

  /** The outermost I/O error in the chain (Hadoop's name the path), else the root cause, typed. */
  public static String cause(Throwable e) {
    Throwable t = e;
    while (!(t instanceof IOException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return typed(t);
  }

  /**
   * A configuration problem's own message when one is in the chain (it was written for the user),
   * else {@link #cause}.
   */
  public static String of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidConfigException) {
        return first(t.getMessage());
      }
    }
    return cause(e);
  }
}
