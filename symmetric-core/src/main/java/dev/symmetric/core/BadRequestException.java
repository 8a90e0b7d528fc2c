package dev.symmetric.core;

/** The caller sent something malformed or invalid; nothing was changed. */
public class BadRequestException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String reason) {
    super(400, "bad_request", reason);
  }

  public BadRequestException(String error, String reason) {
    super(400, error, reason);
  }
}
