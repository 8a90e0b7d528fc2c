package dev.symmetric.replication.internal.cluster;

import java.net.URI;
import java.util.Map;

/**
 * What gossip says about one member. Versions order by (incarnation, heartbeat); a newer version
 * replaces an older one everywhere.
 *
 * @param id the member's node id
 * @param url its base URL
 * @param dbPath the base path of its database API, e.g. {@code /db}
 * @param incarnation its life; a restart or a refutation makes it larger
 * @param heartbeat its counter within the incarnation
 * @param ageMillis how long ago the sender saw this version appear (0 from the member itself)
 * @param databases its replicated databases and their update sequences
 * @param removed whether this is an operator's removal of that incarnation
 * @param ttlMillis for a removal, how much longer it is remembered
 */
record GossipEntry(
    String id,
    URI url,
    String dbPath,
    long incarnation,
    long heartbeat,
    long ageMillis,
    Map<String, Long> databases,
    boolean removed,
    long ttlMillis) {

  /** Whether this version is newer than (incarnation, heartbeat). */
  boolean newerThan(long inc, long hb) {
    return incarnation > inc || (incarnation == inc && heartbeat > hb);
  }
}
