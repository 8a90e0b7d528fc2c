package dev.symmetric.replication.cluster;

import java.net.URI;
import java.util.List;

/**
 * One member as this node sees it, as {@code GET /_cluster} reports it.
 *
 * @param id the member's node id
 * @param url where it serves HTTP
 * @param state alive, suspect, down or removed, by this node's failure detector
 * @param incarnation the member's life: it grows when the member restarts or refutes stale state
 * @param heartbeat the member's counter within its incarnation
 * @param lastHeardMillisAgo scheduler milliseconds since its heartbeat last advanced, -1 for self
 * @param databases the replicated databases the member announced
 * @param self whether this is the local node
 */
public record MemberInfo(
    String id,
    URI url,
    MemberState state,
    long incarnation,
    long heartbeat,
    long lastHeardMillisAgo,
    List<String> databases,
    boolean self) {
  public MemberInfo {
    databases = List.copyOf(databases);
  }
}
