package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.internal.DefaultClaims;
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
import java.util.concurrent.CompletableFuture;

/**
 * N nodes contending for a few keys on virtual time: clocks with bounded rate drift and arbitrary
 * offsets, a network that loses, delays and duplicates messages and partitions, and crashes with
 * restarts on the same disk. With membership changes, members are also added (on fresh disks) and
 * removed (killed) one at a time, each change once every member sees the last one and has synced,
 * each member learning of a change at its own moment; acceptors then also forget idle keys. Every
 * interval a node believed it held a key goes into a global {@link HolderHistory}; one seed drives
 * everything.
 */
final class ClaimsSimulation {
  static final String[] KEYS = {"job/a", "job/b", "seat/1", "seat/2"};

  /** Bounds on the member count while members come and go. */
  static final int MEMBERS_MIN = 2;

  static final int MEMBERS_MAX = 6;

  final long seed;
  final int nodeCount;
  final double driftRate;
  final SimTime time = new SimTime();
  final Random random;
  final SimNetwork network;
  final HolderHistory history = new HolderHistory();
  final List<String> ids = new ArrayList<>();
  final Map<String, SimNode> nodes = new LinkedHashMap<>();
  final boolean membershipChanges;

  /**
   * Whether acceptors learn the others' records after a change (sync, key-by-key catch-up). Off,
   * changes wait only for every member to see the last one: the protocol without its transfer of
   * state, which the checker must catch.
   */
  final boolean learnAfterChanges;

  /** The member set an operator last configured, and what each node currently sees of it. */
  private final TreeSet<String> members = new TreeSet<>();

  private final Map<String, MembershipView> views = new HashMap<>();
  private final Set<String> removed = new TreeSet<>();
  private int nextId;
  int changes;
  private boolean workload = true;

  /** Multiplies the clock-rate spread; above 1 the clocks break the bound the protocol assumes. */
  double clockSpreadFactor = 1;

  /** One incarnation of a node, on a disk that outlives it. */
  final class SimNode implements SimNetwork.SimWorldNode {
    final String id;
    final MemoryAcceptorStorage disk;
    NodeClock clock;
    DefaultClaims claims;
    final Map<String, Claim> held = new HashMap<>();
    final Set<String> busy = new TreeSet<>();
    private int boots;

    SimNode(String id, MemoryAcceptorStorage disk) {
      this.id = id;
      this.disk = disk;
    }

    /** This incarnation's name in the history: a restarted node is another holder. */
    private String holderName() {
      return id + "#" + boots;
    }

    void boot() {
      boots++;
      // Rates within the bound the protocol assumes; offsets anywhere (monotonic clocks start
      // wherever they like).
      clock = SimClaims.clock(time, random, driftRate * clockSpreadFactor);
      claims =
          SimClaims.build(
              id,
              network,
              () -> Optional.ofNullable(views.get(id)),
              disk,
              clock,
              driftRate,
              5_000,
              membershipChanges && learnAfterChanges);
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
    public CompletableFuture<ClaimReply> answer(ClaimRequest request) {
      return claims.answerAsync(request);
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
      DefaultClaims mine = claims;
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
                  held.remove(c.key(), c); // not a claim acquired since
                }
              });
    }

    private void hold(Claim c) {
      held.put(c.key(), c);
      long now = time.now();
      history.add(
          new HolderHistory.Interval(
              c.key(), c.token(), holderName(), now, clock.trueTimeOf(c.validUntilMillis())));
    }

    private void release(Claim c) {
      held.remove(c.key());
      // The holder stops before it tells anyone: its interval ends now.
      history.truncate(c.key(), c.token(), holderName(), time.now());
      claims.release(c, c.progress() + 1);
    }
  }

  ClaimsSimulation(long seed, int nodeCount, double driftRate, double clockSpreadFactor) {
    this(seed, nodeCount, driftRate, clockSpreadFactor, false);
  }

  ClaimsSimulation(
      long seed,
      int nodeCount,
      double driftRate,
      double clockSpreadFactor,
      boolean membershipChanges) {
    this(seed, nodeCount, driftRate, clockSpreadFactor, membershipChanges, true);
  }

  ClaimsSimulation(
      long seed,
      int nodeCount,
      double driftRate,
      double clockSpreadFactor,
      boolean membershipChanges,
      boolean learnAfterChanges) {
    this.learnAfterChanges = learnAfterChanges;
    this.clockSpreadFactor = clockSpreadFactor;
    this.seed = seed;
    this.nodeCount = nodeCount;
    this.driftRate = driftRate;
    this.membershipChanges = membershipChanges;
    this.random = new Random(seed);
    this.network = new SimNetwork(time, random, nodes::get);
    for (nextId = 1; nextId <= nodeCount; nextId++) {
      ids.add("n" + nextId);
    }
    members.addAll(ids);
    MembershipView view = MembershipView.of(members);
    for (String id : ids) {
      views.put(id, view);
      nodes.put(id, new SimNode(id, new MemoryAcceptorStorage()));
    }
    nodes.values().forEach(SimNode::boot);
  }

  /** The ids that are members now (removed ones are gone for good). */
  Set<String> members() {
    return Set.copyOf(members);
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
    if (membershipChanges && random.nextInt(3) == 0 && settled()) {
      changeMembership();
      return;
    }
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
        List<String> up = new ArrayList<>(members);
        SimNode n = nodes.get(up.get(random.nextInt(up.size())));
        if (n.clock.alive()) {
          n.crash();
        }
      }
      default -> {
        for (String id : members) {
          SimNode n = nodes.get(id);
          if (!n.clock.alive()) {
            n.boot();
            break;
          }
        }
      }
    }
  }

  /**
   * The operator's rule (docs/jobs.md, "Membership"): the next change only once every member is up,
   * sees the current member set and has synced in it.
   */
  private boolean settled() {
    MembershipView current = MembershipView.of(members);
    for (String id : members) {
      SimNode n = nodes.get(id);
      if (!n.clock.alive()
          || !current.equals(views.get(id))
          || (learnAfterChanges && !n.claims.synced())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds a member on a fresh disk, or removes (kills) one. The new member knows the new set at once
   * (it heard it from the member it joined through); every other member learns it after its own
   * gossip delay.
   */
  private void changeMembership() {
    boolean add =
        members.size() < MEMBERS_MAX && (members.size() <= MEMBERS_MIN || random.nextBoolean());
    if (add) {
      String id = "n" + nextId++;
      ids.add(id);
      members.add(id);
      views.put(id, MembershipView.of(members));
      SimNode n = new SimNode(id, new MemoryAcceptorStorage());
      nodes.put(id, n);
      n.boot();
    } else {
      List<String> list = new ArrayList<>(members);
      String id = list.get(random.nextInt(list.size()));
      SimNode n = nodes.get(id);
      if (n.clock.alive()) {
        n.crash();
      }
      members.remove(id);
      removed.add(id);
      views.remove(id);
    }
    changes++;
    MembershipView next = MembershipView.of(members);
    for (String id : members) {
      if (!next.equals(views.get(id))) {
        time.after(random.nextInt(600), () -> views.put(id, next));
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
    for (String id : members) {
      SimNode n = nodes.get(id);
      if (!n.clock.alive()) {
        n.boot();
      }
    }
    SimNode first = nodes.get(members.first());
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
