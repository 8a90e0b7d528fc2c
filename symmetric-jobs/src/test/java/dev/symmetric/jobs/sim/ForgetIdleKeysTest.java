package dev.symmetric.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.internal.DefaultClaims;
import dev.symmetric.jobs.spi.MembershipView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Acceptors forget keys that stayed idle, keep a floor above every round they forgot, and so still
 * grant a larger token to the next claim of a forgotten key; they keep keys whose lease may still
 * run or that are still written. Three members on virtual time, acceptors forgetting after {@link
 * SimClaims#FORGET_AFTER_MILLIS}.
 */
class ForgetIdleKeysTest {
  private final SimTime time = new SimTime();
  private final Random random = new Random(5);
  private final Map<String, SimClaims.Member> world = new LinkedHashMap<>();
  private final Map<String, MemoryAcceptorStorage> disks = new LinkedHashMap<>();
  private final SimNetwork network = new SimNetwork(time, random, world::get);

  ForgetIdleKeysTest() {
    MembershipView view = MembershipView.of(Set.of("a", "b", "c"));
    for (String id : view.members()) {
      NodeClock clock = SimClaims.clock(time, random, 0.01);
      MemoryAcceptorStorage disk = new MemoryAcceptorStorage();
      disks.put(id, disk);
      world.put(
          id,
          new SimClaims.Member(
              clock,
              SimClaims.build(
                  id, network, () -> Optional.of(view), disk, clock, 0.01, 10_000, true)));
    }
    time.runUntil(1_000); // every acceptor syncs in the first member set
  }

  private DefaultClaims claims(String id) {
    return world.get(id).claims();
  }

  private <T> T await(CompletableFuture<T> f) {
    long until = time.now() + 5_000;
    while (!f.isDone() && time.now() < until) {
      time.runUntil(time.now() + 10);
    }
    assertThat(f).isDone();
    return f.join();
  }

  private List<String> membersWithRecord(String key) {
    List<String> out = new ArrayList<>();
    disks.forEach(
        (id, disk) -> {
          if (disk.load(key).isPresent()) {
            out.add(id);
          }
        });
    return out;
  }

  @Test
  void aForgottenKeyIsGrantedALargerTokenAndStartsWithoutProgress() {
    Claim first = await(claims("a").acquire("seat/1", 1_000)).orElseThrow();
    assertThat(await(claims("a").release(first, 7))).isTrue();
    Claim again = await(claims("b").acquire("seat/1", 1_000)).orElseThrow();
    assertThat(again.progress()).isEqualTo(7);
    assertThat(await(claims("b").release(again, 8))).isTrue();
    assertThat(membersWithRecord("seat/1")).containsExactly("a", "b", "c");

    time.runUntil(time.now() + 3_000);

    assertThat(membersWithRecord("seat/1")).isEmpty();
    for (String id : world.keySet()) {
      assertThat(claims(id).forgottenKeys()).isGreaterThanOrEqualTo(1);
      assertThat(claims(id).floor()).isGreaterThanOrEqualTo(again.token());
    }
    Claim later = await(claims("c").acquire("seat/1", 1_000)).orElseThrow();
    assertThat(later.token()).isGreaterThan(again.token());
    assertThat(later.progress()).isZero();
  }

  @Test
  void aKeyWhoseLeaseMayStillRunIsKeptUntilItsHoldEnds() {
    // The holder crashes without releasing: a 5 s lease, acceptors hold it 5 s (1 + ε) + margin.
    Claim held = await(claims("a").acquire("job/x/0", 5_000)).orElseThrow();
    long acquiredAt = time.now();
    time.runUntil(acquiredAt + 4_000);
    assertThat(membersWithRecord("job/x/0")).containsExactly("a", "b", "c");
    assertThat(await(claims("b").acquire("job/x/0", 1_000))).isEmpty();

    time.runUntil(acquiredAt + 8_000);
    assertThat(membersWithRecord("job/x/0")).isEmpty();
    Claim next = await(claims("b").acquire("job/x/0", 1_000)).orElseThrow();
    assertThat(next.token()).isGreaterThan(held.token());
  }

  @Test
  void aKeyStillRenewedIsNeverForgotten() {
    Claim c = await(claims("a").acquire("job/y/0", 600)).orElseThrow();
    for (int i = 0; i < 20; i++) {
      time.runUntil(time.now() + 150);
      c = await(claims("a").renew(c)).orElseThrow();
    }
    assertThat(membersWithRecord("job/y/0")).containsExactly("a", "b", "c");
    assertThat(claims("a").isValid(c)).isTrue();
  }

  @Test
  void freshKeysAfterForgettingStillTakeOnePhase() {
    Claim c = await(claims("a").acquire("seat/2", 1_000)).orElseThrow();
    await(claims("a").release(c));
    time.runUntil(time.now() + 3_000);
    assertThat(claims("a").floor()).isGreaterThanOrEqualTo(c.token());
    long before = network.messages;
    Claim fresh = await(claims("a").acquire("seat/3", 1_000)).orElseThrow();
    assertThat(fresh.token()).isGreaterThan(claims("a").floor() - 1);
    // One accept to each of the two other members, nothing else.
    assertThat(network.messages - before).isEqualTo(2);
  }
}
