package io.gpenspark.model;

import java.io.IOException;

/**
 * A model file that cannot be used: unknown format, unsafe pickle, or weights that do not fit GPEN.
 */
public class InvalidModelException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
