package dev.symmetric.core;

/**
 * The outcome of one document of a bulk write: its new revision, or the error that refused it (then
 * nothing of that document was written).
 */
public record BulkResult(String id, Revision rev, SymmetricException error) {

  public static BulkResult ok(String id, Revision rev) {
    return new BulkResult(id, rev, null);
  }

  public static BulkResult failed(String id, SymmetricException error) {
    return new BulkResult(id, null, error);
  }

  public boolean isOk() {
    return error == null;
  }
}
