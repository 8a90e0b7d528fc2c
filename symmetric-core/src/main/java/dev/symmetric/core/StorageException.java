package dev.symmetric.core;

/** Local storage failed (I/O error, corruption, disk full). The operation may not have applied. */
public class StorageException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public StorageException(String reason, Throwable cause) {
    super(500, "storage_error", reason, cause);
  }
}
