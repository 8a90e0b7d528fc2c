package dev.symmetric.core.spi;

/**
 * An engine could not do what was asked (I/O error, corruption, disk full). Engines throw this
 * instead of their own exception types so callers can handle every engine alike.
 */
public class StorageFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageFailure(String message) {
    super(message);
  }
}
