package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.MembershipView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * N nodes contending for a few keys on virtual time: clocks with bounded rate drift and arbitrary
 * offsets, a network that loses, delays and duplicates messages and partitions, and crashes with
 * restarts on the same disk. Every interval a node believed it held a key goes into a global {@link
 * HolderHistory}; one seed drives everything.
 */
final class ClaimsSimulation {
  static final String[] KEYS = {"job/a", "job/b"};

  final long seed;
  final int nodeCount;
  final double driftRate;
  final SimTime time = new SimTime();
  final Random random;
  final SimNetwork network;
  final HolderHistory history = new HolderHistory();
  final List<String> ids = new ArrayList<>();
  final Map<String, SimNode> nodes = new LinkedHashMap<>();
  private final MembershipView view;
  private boolean workload = true;

  /** Multiplies the clock-rate spread; above 1 the clocks break the bound the protocol assumes. */
  double clockSpreadFactor = 1;

  /** One incarnation of a node, on a disk that outlives it. */
  final class SimNode implements SimNetwork.SimWorldNode {
    final String id;
    final MemoryAcceptorStorage disk;
    NodeClock clock;
    Claims claims;
    final Map<String, Claim> held = new HashMap<>();
    final Set<String> busy = new TreeSet<>();

    SimNode(String id, MemoryAcceptorStorage disk) {
      this.id = id;
      this.disk = disk;
    }

    void boot() {
      // Rates within the bound the protocol assumes; offsets anywhere (monotonic clocks start
      // wherever they like).
      double rate = 1 + (random.nextDouble() * 2 - 1) * driftRate * clockSpreadFactor;
      clock = new NodeClock(time, random.nextInt(1_000_000_000), rate);
      claims =
          Claims.builder()
              .nodeId(id)
              .transport(network.transportFrom(id))
              .membership(() -> Optional.of(view))
              .storage(disk)
              .scheduler(clock)
              .driftRate(driftRate)
              .driftMarginMillis(10)
              .requestTimeoutMillis(250)
              .leaseMillisRange(100, 5_000)
              .build();
      held.clear();
      busy.clear();
      NodeClock incarnation = clock;
      incarnation.schedule(random.nextInt(200), () -> step(incarnation));
    }

    void crash() {
      clock.crash();
    }

    @Override
    public NodeClock clock() {
      return clock;
    }

    @Override
    public ClaimReply answer(ClaimRequest request) {
      return claims.answer(request);
    }

    private void step(NodeClock incarnation) {
      if (!incarnation.alive() || !workload) {
        return;
      }
      String key = KEYS[random.nextInt(KEYS.length)];
      if (!busy.contains(key)) {
        Claim c = held.get(key);
        if (c == null) {
          acquire(key);
        } else if (random.nextBoolean()) {
          renew(c);
        } else {
          release(c);
        }
      }
      incarnation.schedule(20 + random.nextInt(300), () -> step(incarnation));
    }

    private void acquire(String key) {
      busy.add(key);
      Claims mine = claims;
      long lease = 100 + random.nextInt(1_500);
      mine.acquire(key, lease)
          .thenAccept(
              c -> {
                busy.remove(key);
                c.ifPresent(this::hold);
              });
    }

    private void renew(Claim c) {
      busy.add(c.key());
      claims
          .renew(c)
          .thenAccept(
              r -> {
                busy.remove(c.key());
                if (r.isPresent()) {
                  hold(r.get());
                } else if (!claims.isValid(c)) {
                  held.remove(c.key());
                }
              });
    }

    private void hold(Claim c) {
      held.put(c.key(), c);
      long now = time.now();
      history.add(
          new HolderHistory.Interval(
              c.key(), c.token(), id, now, clock.trueTimeOf(c.validUntilMillis())));
    }

    private void release(Claim c) {
      held.remove(c.key());
      // The holder stops before it tells anyone: its interval ends now.
      history.truncate(c.key(), c.token(), id, time.now());
      claims.release(c, c.progress() + 1);
    }
  }

  ClaimsSimulation(long seed, int nodeCount, double driftRate, double clockSpreadFactor) {
    this.clockSpreadFactor = clockSpreadFactor;
    this.seed = seed;
    this.nodeCount = nodeCount;
    this.driftRate = driftRate;
    this.random = new Random(seed);
    this.network = new SimNetwork(time, random, nodes::get);
    for (int i = 1; i <= nodeCount; i++) {
      ids.add("n" + i);
    }
    this.view = MembershipView.of(Set.copyOf(ids));
    for (String id : ids) {
      nodes.put(id, new SimNode(id, new MemoryAcceptorStorage()));
    }
    nodes.values().forEach(SimNode::boot);
  }

  /** Faults for {@code millis} of true time: partitions, loss, duplication, crashes, restarts. */
  void chaos(long millis) {
    long end = time.now() + millis;
    while (time.now() < end) {
      long next = Math.min(end, time.now() + 100 + random.nextInt(1_500));
      time.runUntil(next);
      fault();
    }
  }

  private void fault() {
    int kind = random.nextInt(6);
    switch (kind) {
      case 0 -> {
        Map<String, Integer> groups = new HashMap<>();
        ids.forEach(id -> groups.put(id, random.nextInt(2)));
        network.partition(groups);
      }
      case 1 -> network.heal();
      case 2 -> {
        network.lossRate = random.nextDouble() * 0.3;
        network.duplicateRate = random.nextDouble() * 0.2;
        network.delayMaxMillis = 2 + random.nextInt(100);
      }
      case 3 -> {
        SimNode n = nodes.get(ids.get(random.nextInt(ids.size())));
        if (n.clock.alive()) {
          n.crash();
        }
      }
      default -> {
        for (SimNode n : nodes.values()) {
          if (!n.clock.alive()) {
            n.boot();
            break;
          }
        }
      }
    }
  }

  /**
   * Ends the faults and the workload, then has one node acquire every key, retrying; returns the
   * keys it could not get within {@code millis}.
   */
  List<String> settleAndAcquireAll(long millis) {
    workload = false;
    network.heal();
    network.lossRate = 0;
    network.duplicateRate = 0;
    for (SimNode n : nodes.values()) {
      if (!n.clock.alive()) {
        n.boot();
      }
    }
    SimNode first = nodes.get(ids.get(0));
    List<String> missing = new ArrayList<>(List.of(KEYS));
    for (String key : KEYS) {
      tryUntilGranted(first, key);
    }
    long end = time.now() + millis;
    time.runUntil(end);
    missing.removeAll(first.held.keySet());
    return missing;
  }

  private void tryUntilGranted(SimNode node, String key) {
    NodeClock incarnation = node.clock;
    node.claims
        .acquire(key, 1_000)
        .thenAccept(
            c -> {
              if (c.isPresent()) {
                node.hold(c.get());
              } else {
                incarnation.schedule(300, () -> tryUntilGranted(node, key));
              }
            });
  }

  Optional<String> violation() {
    return Optional.ofNullable(history.violation());
  }
}
