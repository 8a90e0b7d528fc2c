package dev.symmetric.jobs.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Highest-random-weight hashing: every node scores every (job, shard) the same way, so all agree
 * which live node comes first for a shard, and a node leaving moves only its own shards.
 */
final class Rendezvous {
  private Rendezvous() {}

  /** How many of {@code live} score above {@code node} for this shard: 0 is the owner. */
  static int rank(String node, Collection<String> live, String job, int shard) {
    long mine = score(node, job, shard);
    int rank = 0;
    for (String other : live) {
      if (other.equals(node)) {
        continue;
      }
      long s = score(other, job, shard);
      if (s > mine || (s == mine && other.compareTo(node) < 0)) {
        rank++;
      }
    }
    return rank;
  }

  /** FNV-1a over the UTF-8 bytes, then a SplitMix64 finish: stable across JVMs and versions. */
  static long score(String node, String job, int shard) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (node + '\u0000' + job + '\u0000' + shard).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
