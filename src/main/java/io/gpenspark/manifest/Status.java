package io.gpenspark.manifest;

import java.util.Locale;

/** The manifest's status column. */
public enum Status {
  /** Written, with at least one face found. */
  OK,
  /** Written through pre/post-processing, but no face was found to restore. */
  NO_FACE,
  /** Not written; error_code and error say why. */
  FAILED,
  /**
   * Written by older versions only: an input a run left alone (incremental mode: unchanged since an
   * ok row). Runs now write no row for such an input; readers keep ignoring these rows when they
   * pick the current row per input.
   */
  SKIPPED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
