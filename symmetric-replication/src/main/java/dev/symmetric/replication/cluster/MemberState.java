package dev.symmetric.replication.cluster;

/** How this node sees a member of the cluster. */
public enum MemberState {
  /** Its heartbeat advanced recently. */
  ALIVE,
  /** Its heartbeat stopped advancing; replication from it keeps running for now. */
  SUSPECT,
  /** Silent for longer than the down timeout; nothing is pulled from it until it returns. */
  DOWN,
  /** Removed by an operator; the removal spreads as a tombstone and then is forgotten. */
  REMOVED;

  /** The value in {@code GET /_cluster}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
