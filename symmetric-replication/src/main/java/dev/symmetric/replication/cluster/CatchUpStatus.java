package dev.symmetric.replication.cluster;

import java.util.List;

/**
 * Whether a starting node has caught up with its peers, as {@code /_node} reports it.
 *
 * @param phase {@code joining} (waiting for a first answer from a seed), {@code catching_up},
 *     {@code ready}, or {@code gave_up} (no seed answered in time; serving anyway)
 * @param waiting the pulls still short of the peer's sequence observed when catch-up began
 * @param skipped pulls dropped from catch-up because their peer went down or their replication
 *     failed
 */
public record CatchUpStatus(String phase, List<Target> waiting, List<Target> skipped) {
  public CatchUpStatus {
    waiting = List.copyOf(waiting);
    skipped = List.copyOf(skipped);
  }

  /** Whether {@code /_up} may say ready as far as the cluster is concerned. */
  public boolean done() {
    return phase.equals("ready") || phase.equals("gave_up");
  }

  /**
   * One pull catch-up waits for.
   *
   * @param peer the peer's node id
   * @param database the database
   * @param targetSeq the peer's update sequence when catch-up began
   * @param replicatedSeq how far the pull has come, or -1 when unknown
   */
  public record Target(String peer, String database, long targetSeq, long replicatedSeq) {}
}
