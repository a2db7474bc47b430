package io.gpenspark.imageio;

import java.util.Locale;

/** Stable codes for why an image failed; they are the manifest's {@code error_code} column. */
public enum ErrorCode {
  /** The file is not there (a list or table named it, or it went after the listing). */
  NOT_FOUND,
  READ_ERROR,
  DECODE_ERROR,
  UNSUPPORTED_FORMAT,
  TOO_LARGE,
  TOO_SMALL,
  MODEL_ERROR,
  WRITE_ERROR,
  TIMEOUT,
  /**
   * In flight in task attempts lost with their executor (a native crash, an OOM kill): not tried
   * again.
   */
  EXECUTOR_LOST,
  INTERNAL_ERROR;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
