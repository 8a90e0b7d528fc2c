package dev.symmetric.replication.internal.cluster;

import dev.symmetric.replication.cluster.MemberInfo;
import dev.symmetric.replication.cluster.MemberState;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The member table and the failure detector. Liveness is a heartbeat counter each member bumps
 * every gossip round; any member relaying a newer heartbeat counts as hearing from it, so one
 * broken link does not make a member look dead. A member whose heartbeat stops advancing turns
 * suspect, then down. Times are the scheduler's milliseconds, passed in, so tests drive them.
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
final class Membership {
  /** Most members kept; gossip about more is ignored (every bound explicit). */
  static final int MEMBERS_MAX = 1024;

  /** One member's latest version and this node's view of it. */
  static final class Member {
    final String id;
    URI url;
    String dbPath;
    long incarnation;
    long heartbeat;
    Map<String, Long> databases = Map.of();
    long lastHeardMillis;
    MemberState state = MemberState.ALIVE;
    boolean removed;
    long removedUntilMillis;

    Member(String id) {
      this.id = id;
    }
  }

  private final String selfId;
  private final Member self;
  private final long suspectAfterMillis;
  private final long downAfterMillis;
  private final long tombstoneMillis;
  private final Map<String, Member> others = new TreeMap<>();
  private boolean selfRemoved;

  Membership(
      String selfId,
      URI selfUrl,
      String dbPath,
      long incarnation,
      long suspectAfterMillis,
      long downAfterMillis,
      long tombstoneMillis) {
    this.selfId = selfId;
    this.self = new Member(selfId);
    self.url = selfUrl;
    self.dbPath = dbPath;
    self.incarnation = incarnation;
    this.suspectAfterMillis = suspectAfterMillis;
    this.downAfterMillis = downAfterMillis;
    this.tombstoneMillis = tombstoneMillis;
  }

  String selfId() {
    return selfId;
  }

  /** One gossip round: bump our heartbeat, announce our databases, age everyone else. */
  synchronized void tick(long now, Map<String, Long> ownDatabases) {
    self.heartbeat++;
    self.databases = Map.copyOf(ownDatabases);
    Iterator<Member> it = others.values().iterator();
    while (it.hasNext()) {
      Member m = it.next();
      if (m.removed) {
        if (now >= m.removedUntilMillis) {
          it.remove();
        }
        continue;
      }
      m.state = stateAt(m, now);
    }
  }

  private MemberState stateAt(Member m, long now) {
    long silent = now - m.lastHeardMillis;
    if (silent >= downAfterMillis) {
      return MemberState.DOWN;
    }
    return silent >= suspectAfterMillis ? MemberState.SUSPECT : MemberState.ALIVE;
  }

  /** Everything this node would tell a peer. */
  synchronized List<GossipEntry> snapshot(long now) {
    List<GossipEntry> out = new ArrayList<>(others.size() + 1);
    out.add(entry(self, 0, now));
    for (Member m : others.values()) {
      out.add(entry(m, Math.max(0, now - m.lastHeardMillis), now));
    }
    return out;
  }

  private static GossipEntry entry(Member m, long age, long now) {
    return new GossipEntry(
        m.id,
        m.url,
        m.dbPath,
        m.incarnation,
        m.heartbeat,
        age,
        m.databases,
        m.removed,
        m.removed ? Math.max(0, m.removedUntilMillis - now) : 0);
  }

  /**
   * Takes in what a peer said. Newer versions replace older ones; a removal blocks its incarnation
   * and older ones from coming back; news about ourselves that is newer than what we are is refuted
   * by moving to a larger incarnation.
   */
  synchronized void merge(List<GossipEntry> entries, long now) {
    for (GossipEntry e : entries) {
      if (e.id().equals(selfId)) {
        mergeSelf(e);
        continue;
      }
      Member m = others.get(e.id());
      if (m == null && others.size() >= MEMBERS_MAX) {
        continue;
      }
      if (e.removed()) {
        boolean adopt =
            m == null
                || (!m.removed && e.incarnation() >= m.incarnation)
                || (m.removed && e.incarnation() > m.incarnation);
        if (adopt && e.ttlMillis() > 0) {
          Member t = m != null ? m : new Member(e.id());
          copy(e, t);
          t.removed = true;
          t.state = MemberState.REMOVED;
          t.removedUntilMillis = now + Math.min(e.ttlMillis(), tombstoneMillis);
          others.put(e.id(), t);
        }
        continue;
      }
      if (m != null && m.removed && e.incarnation() <= m.incarnation) {
        continue; // stale gossip about a removed member must not resurrect it
      }
      if (m == null || m.removed || e.newerThan(m.incarnation, m.heartbeat)) {
        Member n = m != null && !m.removed ? m : new Member(e.id());
        long heard = now - Math.max(0, e.ageMillis());
        n.lastHeardMillis = m == null || m.removed ? heard : Math.max(m.lastHeardMillis, heard);
        copy(e, n);
        n.removed = false;
        n.state = stateAt(n, now);
        others.put(e.id(), n);
      }
    }
  }

  private void mergeSelf(GossipEntry e) {
    if (e.removed()) {
      if (e.incarnation() >= self.incarnation) {
        selfRemoved = true;
      }
      return;
    }
    if (e.newerThan(self.incarnation, self.heartbeat)) {
      // Someone holds a newer version of us than we are: an earlier life. Outgrow it.
      self.incarnation = e.incarnation() + 1;
      self.heartbeat = 0;
    }
  }

  private static void copy(GossipEntry e, Member m) {
    m.url = e.url();
    m.dbPath = e.dbPath();
    m.incarnation = e.incarnation();
    m.heartbeat = e.heartbeat();
    m.databases = Map.copyOf(e.databases());
  }

  /** Marks a member removed at its current incarnation; false if unknown or already removed. */
  synchronized boolean remove(String id, long now) {
    if (id.equals(selfId)) {
      throw new IllegalArgumentException("a node cannot remove itself; remove it from another");
    }
    Member m = others.get(id);
    if (m == null || m.removed) {
      return false;
    }
    m.removed = true;
    m.state = MemberState.REMOVED;
    m.removedUntilMillis = now + tombstoneMillis;
    return true;
  }

  /** Whether an operator removed this node while it was running. */
  synchronized boolean selfRemoved() {
    return selfRemoved;
  }

  /** A copy of one member's view, or null. */
  synchronized MemberView view(String id) {
    Member m = others.get(id);
    return m == null ? null : view(m);
  }

  /** Every other member, in id order. */
  synchronized List<MemberView> others() {
    List<MemberView> out = new ArrayList<>(others.size());
    for (Member m : others.values()) {
      out.add(view(m));
    }
    return out;
  }

  private static MemberView view(Member m) {
    return new MemberView(
        m.id, m.url, m.dbPath, m.state, m.incarnation, m.heartbeat, m.lastHeardMillis, m.databases);
  }

  /** Members for {@code GET /_cluster}, this node first. */
  synchronized List<MemberInfo> info(long now) {
    List<MemberInfo> out = new ArrayList<>(others.size() + 1);
    out.add(
        new MemberInfo(
            selfId,
            self.url,
            selfRemoved ? MemberState.REMOVED : MemberState.ALIVE,
            self.incarnation,
            self.heartbeat,
            -1,
            List.copyOf(new TreeMap<>(self.databases).keySet()),
            true));
    for (Member m : others.values()) {
      out.add(
          new MemberInfo(
              m.id,
              m.url,
              m.state,
              m.incarnation,
              m.heartbeat,
              Math.max(0, now - m.lastHeardMillis),
              List.copyOf(new TreeMap<>(m.databases).keySet()),
              false));
    }
    return out;
  }

  /** A member as the mesh and catch-up see it. */
  record MemberView(
      String id,
      URI url,
      String dbPath,
      MemberState state,
      long incarnation,
      long heartbeat,
      long lastHeardMillis,
      Map<String, Long> databases) {

    /** Alive or suspect: still worth pulling from. */
    boolean reachable() {
      return state == MemberState.ALIVE || state == MemberState.SUSPECT;
    }
  }
}
