package io.gpenspark.imageio;

/** A per-image failure: recorded as a failed manifest row, never fatal to the job. */
public final class ImageFailure extends RuntimeException {
  private final ErrorCode code;

  public ImageFailure(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ImageFailure(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
