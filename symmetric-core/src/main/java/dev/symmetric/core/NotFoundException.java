package dev.symmetric.core;

/** A database, document or revision does not exist. The reason is CouchDB's: missing, deleted. */
public class NotFoundException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String reason) {
    super(404, "not_found", reason);
  }
}
