package io.gpenspark.cli;

/** A command line that cannot be run as given: exit code 2, the message on one line. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
