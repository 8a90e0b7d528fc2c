package dev.symmetric.replication.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.replication.cluster.MemberState;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private static final URI URL = URI.create("http://127.0.0.1:1");

  private static Membership node(String id, long incarnation) {
    return new Membership(id, URL, "/db", incarnation, 500, 1_500, 10_000);
  }

  private static GossipEntry entry(String id, long inc, long hb, long age) {
    return new GossipEntry(id, URL, "/db", inc, hb, age, Map.of("orders", 7L), false, 0);
  }

  private static MemberState state(Membership m, String id) {
    return m.view(id).state();
  }

  @Test
  void aMemberWhoseHeartbeatStopsIsSuspectThenDownAndAliveAgainWhenItAdvances() {
    Membership a = node("a", 1);
    a.merge(List.of(entry("b", 1, 1, 0)), 0);
    a.tick(499, Map.of());
    assertThat(state(a, "b")).isEqualTo(MemberState.ALIVE);
    a.tick(500, Map.of());
    assertThat(state(a, "b")).isEqualTo(MemberState.SUSPECT);
    a.tick(1_500, Map.of());
    assertThat(state(a, "b")).isEqualTo(MemberState.DOWN);
    a.merge(List.of(entry("b", 1, 2, 0)), 1_600);
    assertThat(state(a, "b")).isEqualTo(MemberState.ALIVE);
  }

  @Test
  void anOldVersionRelayedLateDoesNotRefreshLiveness() {
    Membership a = node("a", 1);
    a.merge(List.of(entry("b", 1, 5, 0)), 0);
    a.merge(List.of(entry("b", 1, 4, 0)), 1_000);
    a.tick(1_000, Map.of());
    assertThat(state(a, "b")).isEqualTo(MemberState.SUSPECT);
    assertThat(a.view("b").heartbeat()).isEqualTo(5);
  }

  @Test
  void aRelayedEntryCarriesItsAgeSoADeadMemberArrivesDown() {
    Membership a = node("a", 1);
    a.merge(List.of(entry("gone", 1, 9, 60_000)), 100_000);
    assertThat(state(a, "gone")).isEqualTo(MemberState.DOWN);
  }

  @Test
  void aRestartedMemberWithALargerIncarnationReplacesItsEarlierLife() {
    Membership a = node("a", 1);
    a.merge(List.of(entry("b", 100, 5_000, 0)), 0);
    a.merge(List.of(entry("b", 200, 1, 0)), 10);
    assertThat(a.view("b").incarnation()).isEqualTo(200);
    assertThat(a.view("b").heartbeat()).isEqualTo(1);
  }

  @Test
  void newsAboutOurselvesNewerThanUsIsRefutedWithALargerIncarnation() {
    Membership a = node("a", 5);
    a.merge(List.of(entry("a", 9, 3, 0)), 0);
    GossipEntry self = a.snapshot(0).get(0);
    assertThat(self.incarnation()).isEqualTo(10);
    assertThat(self.heartbeat()).isZero();
  }

  @Test
  void aRemovalSpreadsBlocksStaleGossipAndExpires() {
    Membership a = node("a", 1);
    Membership b = node("b", 1);
    a.merge(List.of(entry("c", 3, 10, 0)), 0);
    b.merge(List.of(entry("c", 3, 12, 0)), 0);
    assertThat(a.remove("c", 0)).isTrue();
    assertThat(a.remove("c", 0)).isFalse();
    b.merge(a.snapshot(1_000), 1_000);
    assertThat(state(b, "c")).isEqualTo(MemberState.REMOVED);
    // b's own copy of c had a higher heartbeat; it must not bring c back to a.
    a.merge(List.of(entry("c", 3, 12, 0)), 1_000);
    assertThat(state(a, "c")).isEqualTo(MemberState.REMOVED);
    // The removal lives out the remaining lifetime it was gossiped with, then is forgotten.
    b.tick(9_999, Map.of());
    assertThat(b.view("c")).isNotNull();
    b.tick(10_000, Map.of());
    assertThat(b.view("c")).isNull();
    // A new life of c is welcome.
    a.merge(List.of(entry("c", 4, 1, 0)), 2_000);
    assertThat(state(a, "c")).isEqualTo(MemberState.ALIVE);
  }

  @Test
  void aRunningMemberThatLearnsOfItsRemovalKnowsItWasRemoved() {
    Membership a = node("a", 1);
    a.merge(List.of(entry("c", 3, 10, 0)), 0);
    a.remove("c", 0);
    Membership c = node("c", 3);
    c.merge(a.snapshot(10), 10);
    assertThat(c.selfRemoved()).isTrue();
    assertThatThrownBy(() -> a.remove("a", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
