package dev.symmetric.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.spi.MembershipView;
import dev.symmetric.replication.Schedulers;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Growing the member set one member at a time, with no grant of a key in between, lets a majority
 * of the new set miss every acceptor that voted for the key's last grant: acceptor state is not
 * carried to joining members (docs/jobs.md, "Membership", known gap). Enable once joining members
 * catch up on a key's state before they vote on it.
 */
class MembershipGrowthTest {

  @Disabled("known gap: joining members do not receive acceptor state (docs/jobs.md, Membership)")
  @Test
  void aTokenIsNotGrantedTwiceAfterTheClusterGrewFromOneToThree() throws Exception {
    AtomicReference<MembershipView> view = new AtomicReference<>(MembershipView.of(Set.of("a")));
    Map<String, Claims> nodes = new HashMap<>();
    for (String id : new String[] {"a", "b", "c"}) {
      nodes.put(
          id,
          Claims.builder()
              .nodeId(id)
              .membership(() -> Optional.of(view.get()))
              .storage(new MemoryAcceptorStorage())
              .scheduler(Schedulers.system())
              .transport(
                  (member, request) ->
                      CompletableFuture.supplyAsync(() -> nodes.get(member).answer(request)))
              .build());
    }
    Claim first = nodes.get("a").acquire("k", 1_000).get().orElseThrow();
    nodes.get("a").release(first).get();

    view.set(MembershipView.of(Set.of("a", "b")));
    view.set(MembershipView.of(Set.of("a", "b", "c")));
    // a is unreachable from here on: b and c are a majority of {a, b, c}.
    nodes.put("a", null);
    Optional<Claim> second = nodes.get("c").acquire("k", 1_000).get();

    assertThat(second).isPresent();
    assertThat(second.get().token()).isGreaterThan(first.token());
  }
}
