package dev.symmetric.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.internal.ClaimsConfig;
import dev.symmetric.jobs.internal.DefaultClaims;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.MembershipView;
import dev.symmetric.replication.Schedulers;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Growing the member set one member at a time, with no grant of a key in between, would let a
 * majority of the new set miss every acceptor that voted for the key's last grant, unless joining
 * members learn a key's records from the others before they first vote on it (docs/jobs.md,
 * "Membership").
 */
class MembershipGrowthTest {

  @Test
  void aTokenIsNotGrantedTwiceAfterTheClusterGrewFromOneToThree() throws Exception {
    AtomicReference<MembershipView> view = new AtomicReference<>(MembershipView.of(Set.of("a")));
    Map<String, Claims> nodes = new ConcurrentHashMap<>();
    AtomicBoolean cutOffA = new AtomicBoolean();
    for (String id : new String[] {"a", "b", "c"}) {
      nodes.put(
          id,
          new DefaultClaims(
              new ClaimsConfig(id, 0.01, 50, 1_000, 200, 60_000, 3, 1_024, true, 0, key -> true),
              (member, request) -> {
                if (member.equals("a")
                    && cutOffA.get()
                    && request.kind() != ClaimRequest.Kind.READ) {
                  return CompletableFuture.failedFuture(new IllegalStateException("dropped"));
                }
                return CompletableFuture.supplyAsync(() -> nodes.get(member).answer(request));
              },
              () -> Optional.of(view.get()),
              new MemoryAcceptorStorage(),
              Schedulers.system()));
    }
    Claim first = nodes.get("a").acquire("k", 1_000).get().orElseThrow();
    nodes.get("a").release(first).get();

    view.set(MembershipView.of(Set.of("a", "b")));
    view.set(MembershipView.of(Set.of("a", "b", "c")));
    // Votes to and from a are lost from here on: b and c are a majority of {a, b, c}. Only the
    // joining members' reads of a key's records reach a.
    cutOffA.set(true);
    Optional<Claim> second = nodes.get("c").acquire("k", 1_000).get();

    assertThat(second).isPresent();
    assertThat(second.get().token()).isGreaterThan(first.token());
  }
}
