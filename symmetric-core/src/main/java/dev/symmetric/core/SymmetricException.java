package dev.symmetric.core;

/**
 * The root of every error Symmetric throws on purpose. Each carries a CouchDB-style {@link #error()
 * error} name and a human {@link #reason() reason}, and the HTTP status a server should answer
 * with, so the HTTP layer can render it as {@code {"error": ..., "reason": ...}}.
 */
public class SymmetricException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;
  private final int status;

  public SymmetricException(int status, String error, String reason) {
    super(reason);
    this.status = status;
    this.error = error;
  }

  public SymmetricException(int status, String error, String reason, Throwable cause) {
    super(reason, cause);
    this.status = status;
    this.error = error;
  }

  /** The short machine-readable name, e.g. {@code conflict}. */
  public String error() {
    return error;
  }

  /** What went wrong and, where possible, what to do about it. */
  public String reason() {
    return getMessage();
  }

  /** The HTTP status that describes this error. */
  public int status() {
    return status;
  }
}
