package dev.symmetric.core;

/** A precondition of the request does not hold, e.g. creating a database that already exists. */
public class PreconditionFailedException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String error, String reason) {
    super(412, error, reason);
  }
}
