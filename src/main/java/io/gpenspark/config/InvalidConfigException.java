package io.gpenspark.config;

/** A job configuration that cannot run: the message is one line naming the key and the cause. */
public final class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
