package dev.symmetric.jobs.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The members that vote on claims: every known member that was not removed, whether it is alive or
 * not, so that the minority side of a partition can never form a majority.
 *
 * @param members node ids, sorted
 */
public record MembershipView(SortedSet<String> members) {

  /** Bound on the voters of one view: every claim talks to each of them. */
  public static final int MEMBERS_MAX = 64;

  public MembershipView {
    if (members.isEmpty() || members.size() > MEMBERS_MAX) {
      throw new IllegalArgumentException("a view has 1.." + MEMBERS_MAX + " members");
    }
    members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
  }

  public static MembershipView of(Set<String> members) {
    return new MembershipView(new TreeSet<>(members));
  }

  public int size() {
    return members.size();
  }

  /** Votes needed: more than half of all members. */
  public int majority() {
    return members.size() / 2 + 1;
  }

  /** A digest of the sorted ids: equal views have equal versions, different ones almost never. */
  public long version() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String m : members) {
        sha.update(m.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] d = sha.digest();
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is always present", e);
    }
  }
}
