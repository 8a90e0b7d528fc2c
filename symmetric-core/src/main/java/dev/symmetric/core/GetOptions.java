package dev.symmetric.core;

/**
 * What {@link Database#get(String, GetOptions)} returns besides the body, as CouchDB's query
 * parameters of the same names.
 *
 * @param rev a specific revision instead of the winner ({@code null}: the winner)
 * @param revisions include {@code _revisions}, the revision's known history
 * @param revsInfo include {@code _revs_info}
 * @param conflicts include {@code _conflicts}, the losing non-deleted leaves
 * @param deletedConflicts include {@code _deleted_conflicts}, the losing deleted leaves
 * @param latest with {@code rev}: answer the newest leaf that descends from it
 */
public record GetOptions(
    Revision rev,
    boolean revisions,
    boolean revsInfo,
    boolean conflicts,
    boolean deletedConflicts,
    boolean latest) {

  private static final GetOptions DEFAULTS =
      new GetOptions(null, false, false, false, false, false);

  public static GetOptions defaults() {
    return DEFAULTS;
  }

  public GetOptions withRev(Revision rev) {
    return new GetOptions(rev, revisions, revsInfo, conflicts, deletedConflicts, latest);
  }

  public GetOptions withRevisions(boolean on) {
    return new GetOptions(rev, on, revsInfo, conflicts, deletedConflicts, latest);
  }

  public GetOptions withRevsInfo(boolean on) {
    return new GetOptions(rev, revisions, on, conflicts, deletedConflicts, latest);
  }

  public GetOptions withConflicts(boolean on) {
    return new GetOptions(rev, revisions, revsInfo, on, deletedConflicts, latest);
  }

  public GetOptions withDeletedConflicts(boolean on) {
    return new GetOptions(rev, revisions, revsInfo, conflicts, on, latest);
  }

  public GetOptions withLatest(boolean on) {
    return new GetOptions(rev, revisions, revsInfo, conflicts, deletedConflicts, on);
  }
}
