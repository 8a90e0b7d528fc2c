package dev.symmetric.replication.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which peers this node pulls a database from. With no bound, every peer that has it. With a bound
 * K, the ring predecessor (members sorted by id form a cycle, so every write still reaches every
 * node) plus K-1 peers ranked by rendezvous hashing of (self, peer, database), which spreads the
 * load and moves few pulls when members come and go.
 */
final class MeshPlanner {
  private MeshPlanner() {}

  /** The peers to pull {@code db} from, out of {@code candidates} (peers that have it). */
  static List<String> peersFor(String self, String db, Collection<String> candidates, int max) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(candidates));
    sorted.remove(self);
    if (sorted.size() <= max) {
      return sorted;
    }
    List<String> chosen = new ArrayList<>(max);
    chosen.add(predecessor(self, sorted));
    List<String> rest = new ArrayList<>(sorted);
    rest.remove(chosen.get(0));
    rest.sort(
        Comparator.comparingLong((String p) -> score(self, p, db))
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    for (int i = 0; chosen.size() < max && i < rest.size(); i++) {
      chosen.add(rest.get(i));
    }
    return chosen;
  }

  /** The largest id below {@code self}, wrapping to the largest id overall. */
  static String predecessor(String self, List<String> sortedPeers) {
    String pred = null;
    for (String p : sortedPeers) {
      if (p.compareTo(self) < 0) {
        pred = p;
      }
    }
    return pred != null ? pred : sortedPeers.get(sortedPeers.size() - 1);
  }

  /** A stable 64-bit score (FNV-1a with a final mix): the same on every JVM and node. */
  static long score(String self, String peer, String db) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (db + '\u0000' + self + '\u0000' + peer).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
