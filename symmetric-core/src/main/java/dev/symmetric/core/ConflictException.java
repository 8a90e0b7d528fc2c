package dev.symmetric.core;

/** An update named a revision that is not the current one (or none when one exists). */
public class ConflictException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public ConflictException() {
    super(409, "conflict", "Document update conflict.");
  }
}
