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
  /** Not processed in this run (incremental mode: unchanged since an ok row). */
  SKIPPED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
