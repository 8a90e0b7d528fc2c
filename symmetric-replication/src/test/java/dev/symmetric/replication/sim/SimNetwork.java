package dev.symmetric.replication.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointException;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.WriteFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The wire between simulated nodes. A node reaches another's database through {@link #endpoint};
 * every call then travels as a request and a reply, each delayed independently (so calls overtake
 * each other), either of them possibly lost (the caller sees {@code EndpointException(0,
 * "timeout")}, and a lost reply means the call took effect), and a request possibly delivered
 * twice. Cut links lose what crosses them, in one direction or both; filters lose chosen calls. All
 * randomness comes from one seeded {@link Random} and all timing from the {@link SimScheduler}.
 */
public final class SimNetwork {

  /**
   * What goes wrong with each message.
   *
   * @param dropRate chance that a call is lost, half the time before it takes effect
   * @param duplicateRate chance that a request is delivered twice
   * @param delayMinMillis least one-way delay
   * @param delayMaxMillis most one-way delay
   */
  public record Faults(
      double dropRate, double duplicateRate, long delayMinMillis, long delayMaxMillis) {
    public static final Faults NONE = new Faults(0, 0, 1, 1);

    public Faults {
      if (dropRate < 0 || dropRate >= 1 || duplicateRate < 0 || duplicateRate > 1) {
        throw new IllegalArgumentException("rates must be in [0, 1), drop below 1");
      }
      if (delayMinMillis < 0 || delayMaxMillis < delayMinMillis) {
        throw new IllegalArgumentException("need 0 <= delayMin <= delayMax");
      }
    }

    /** The same delays, nothing lost or repeated. */
    public Faults healed() {
      return new Faults(0, 0, delayMinMillis, delayMaxMillis);
    }

    @Override
    public String toString() {
      return String.format(
          "drop=%.2f dup=%.2f delay=%d..%dms",
          dropRate, duplicateRate, delayMinMillis, delayMaxMillis);
    }
  }

  private record Link(int from, int to) {}

  /** A node's server side: what answers calls now, and the calls it is serving. */
  private static final class Host {
    final Endpoint server;
    final Set<CompletableFuture<?>> serving = new LinkedHashSet<>();

    Host(Endpoint server) {
      this.server = server;
    }
  }

  private final SimScheduler sim;
  private final Random random;
  private final long timeoutMillis;
  private final Consumer<String> log;
  private final Map<Integer, Host> hosts = new HashMap<>();
  private final Set<Link> cut = new LinkedHashSet<>();
  private final Filters filters = new Filters();
  private Faults faults = Faults.NONE;
  private long nextCallId;
  private long lost;
  private long duplicated;

  /**
   * @param timeoutMillis how long a caller waits for a reply, on top of a changes call's own wait
   * @param log receives one line per message event, for traces
   */
  public SimNetwork(SimScheduler sim, Random random, long timeoutMillis, Consumer<String> log) {
    this.sim = sim;
    this.random = random;
    this.timeoutMillis = timeoutMillis;
    this.log = log;
  }

  public void faults(Faults faults) {
    this.faults = faults;
  }

  public Faults faults() {
    return faults;
  }

  /** Brings {@code node} up, answering with {@code server}. */
  public void attach(int node, Endpoint server) {
    if (hosts.containsKey(node)) {
      throw new IllegalStateException("node " + node + " is up already");
    }
    hosts.put(node, new Host(server));
  }

  /**
   * Takes {@code node} down: requests to it are lost from now on, and the calls it was serving end
   * with a reset connection instead of an answer.
   */
  public void detach(int node) {
    Host h = hosts.remove(node);
    if (h == null) {
      return;
    }
    for (CompletableFuture<?> f : List.copyOf(h.serving)) {
      f.cancel(false);
    }
  }

  /** The database of node {@code to} as node {@code from} reaches it. */
  public Endpoint endpoint(int from, int to, String database) {
    return new Client(from, to, "sim://n" + to + "/" + database);
  }

  /** Loses what {@code from} sends to {@code to}; replies from {@code to} still arrive. */
  public void cut(int from, int to) {
    cut.add(new Link(from, to));
  }

  /** Splits the nodes: nothing crosses between {@code side} and the rest, or only towards it. */
  public void partition(Set<Integer> side, Set<Integer> nodes, boolean oneWay) {
    for (int a : side) {
      for (int b : nodes) {
        if (!side.contains(b)) {
          cut(b, a);
          if (!oneWay) {
            cut(a, b);
          }
        }
      }
    }
  }

  /** Restores every cut link and removes every filter. */
  public void heal() {
    cut.clear();
    filters.reset();
  }

  public Filters filters() {
    return filters;
  }

  /** Messages lost so far (by faults, cuts, filters or down nodes). */
  public long lost() {
    return lost;
  }

  /** Requests delivered twice so far. */
  public long duplicated() {
    return duplicated;
  }

  // ---- one call ----

  private <T> CompletableFuture<T> call(
      int from, int to, String verb, long waitMillis, Function<Endpoint, CompletableFuture<T>> op) {
    long id = nextCallId++;
    String what = "#" + id + " n" + from + "->n" + to + " " + verb;
    CompletableFuture<T> reply = new CompletableFuture<>();
    if (!hosts.containsKey(from)) {
      // A crashed node's last gasps (a stopping replication's checkpoint) never leave it.
      log.accept(what + " not sent: caller down");
      return CompletableFuture.failedFuture(new EndpointException(0, "network is down"));
    }
    SimScheduler.Cancellable timer =
        sim.schedule(
            timeoutMillis + waitMillis,
            () -> {
              if (reply.completeExceptionally(new EndpointException(0, "timeout"))) {
                log.accept(what + " timed out");
              }
            });
    reply.whenComplete((v, e) -> timer.cancel());
    boolean loseRequest = chance(faults.dropRate() / 2);
    boolean loseReply = chance(faults.dropRate() / 2);
    int copies = chance(faults.duplicateRate()) ? 2 : 1;
    if (copies == 2) {
      duplicated++;
    }
    for (int copy = 0; copy < copies; copy++) {
      boolean lose = loseRequest && copy == 0;
      String label = copy == 0 ? what : what + " (copy)";
      sim.schedule(delay(), () -> deliver(from, to, verb, label, lose, loseReply, op, reply));
    }
    return reply;
  }

  private <T> void deliver(
      int from,
      int to,
      String verb,
      String what,
      boolean lose,
      boolean loseReply,
      Function<Endpoint, CompletableFuture<T>> op,
      CompletableFuture<T> reply) {
    Host host = hosts.get(to);
    String why =
        lose
            ? "dropped"
            : cut.contains(new Link(from, to))
                ? "cut"
                : host == null
                    ? "node down"
                    : filters.drops(verb, from, to, false) ? "filter" : null;
    if (why != null) {
      lost++;
      log.accept(what + " request lost: " + why);
      return;
    }
    log.accept(what + " delivered");
    CompletableFuture<T> served = op.apply(host.server);
    host.serving.add(served);
    // A caller that gives up (a stopped replication) closes the connection.
    reply.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            served.cancel(false);
          }
        });
    served.whenComplete(
        (v, e) -> {
          host.serving.remove(served);
          boolean reset = hosts.get(to) != host;
          sim.schedule(delay(), () -> respond(from, to, verb, what, loseReply, reset, v, e, reply));
        });
  }

  private <T> void respond(
      int from,
      int to,
      String verb,
      String what,
      boolean lose,
      boolean reset,
      T value,
      Throwable error,
      CompletableFuture<T> reply) {
    String why =
        lose
            ? "dropped"
            : cut.contains(new Link(to, from))
                ? "cut"
                : filters.drops(verb, from, to, true) ? "filter" : null;
    if (why != null) {
      lost++;
      log.accept(what + " reply lost: " + why);
      return;
    }
    boolean answered;
    if (reset) {
      answered = reply.completeExceptionally(new EndpointException(0, "connection reset"));
    } else if (error != null) {
      answered = reply.completeExceptionally(error);
    } else {
      answered = reply.complete(value);
    }
    if (answered) {
      log.accept(what + (reset ? " reset" : error != null ? " failed: " + error : " answered"));
    }
  }

  private boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  private long delay() {
    long span = faults.delayMaxMillis() - faults.delayMinMillis();
    return faults.delayMinMillis() + (span == 0 ? 0 : random.nextLong(span + 1));
  }

  // ---- filters ----

  /**
   * Calls to lose on purpose, in the manner of Cassandra's in-JVM dtest filters: {@code
   * network.filters().verbs("writeReplicated").from(1).to(2).drop()}.
   */
  public static final class Filters {
    private final List<Rule> rules = new ArrayList<>();

    /** A new rule for these verbs (the {@link Endpoint} method names); none: every verb. */
    public Rule verbs(String... verbs) {
      return new Rule(this, Set.of(verbs));
    }

    /** A rule for every verb. */
    public Rule allVerbs() {
      return verbs();
    }

    public void reset() {
      rules.clear();
    }

    boolean drops(String verb, int from, int to, boolean reply) {
      for (Rule r : rules) {
        if (r.matches(verb, from, to, reply)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Which calls a filter loses; {@link #drop()} or {@link #dropReplies()} turns it on. */
  public static final class Rule {
    private final Filters owner;
    private final Set<String> verbs;
    private Integer from;
    private Integer to;
    private boolean replies;

    private Rule(Filters owner, Set<String> verbs) {
      this.owner = owner;
      this.verbs = verbs;
    }

    /** Only calls made by this node. */
    public Rule from(int node) {
      this.from = node;
      return this;
    }

    /** Only calls to this node. */
    public Rule to(int node) {
      this.to = node;
      return this;
    }

    /** Loses the requests: the calls never take effect. Returns a handle that removes the rule. */
    public Runnable drop() {
      owner.rules.add(this);
      return () -> owner.rules.remove(this);
    }

    /** Loses the replies: the calls take effect but the callers never hear. */
    public Runnable dropReplies() {
      replies = true;
      return drop();
    }

    boolean matches(String verb, int callFrom, int callTo, boolean reply) {
      return reply == replies
          && (verbs.isEmpty() || verbs.contains(verb))
          && (from == null || from == callFrom)
          && (to == null || to == callTo);
    }
  }

  // ---- the caller's view ----

  private final class Client implements Endpoint {
    private final int from;
    private final int to;
    private final String id;

    Client(int from, int to, String id) {
      this.from = from;
      this.to = to;
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public CompletableFuture<EndpointInfo> info() {
      return call(from, to, "info", 0, Endpoint::info);
    }

    @Override
    public CompletableFuture<Void> createDatabase() {
      return call(from, to, "createDatabase", 0, Endpoint::createDatabase);
    }

    @Override
    public CompletableFuture<Optional<ObjectNode>> getLocal(String localId) {
      return call(from, to, "getLocal", 0, e -> e.getLocal(localId));
    }

    @Override
    public CompletableFuture<Void> putLocal(String localId, ObjectNode doc) {
      ObjectNode sent = doc.deepCopy();
      return call(from, to, "putLocal", 0, e -> e.putLocal(localId, sent));
    }

    @Override
    public CompletableFuture<ChangesBatch> changes(ChangesQuery query) {
      return call(from, to, "changes", query.waitMillis(), e -> e.changes(query));
    }

    @Override
    public CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs) {
      return call(from, to, "revsDiff", 0, e -> e.revsDiff(revs));
    }

    @Override
    public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
      return call(from, to, "fetch", 0, e -> e.fetch(wanted));
    }

    @Override
    public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
      List<ObjectNode> sent = new ArrayList<>(docs.size());
      docs.forEach(d -> sent.add(d.deepCopy()));
      return call(from, to, "writeReplicated", 0, e -> e.writeReplicated(sent));
    }

    @Override
    public CompletableFuture<Void> ensureFullCommit() {
      return call(from, to, "ensureFullCommit", 0, Endpoint::ensureFullCommit);
    }

    @Override
    public String toString() {
      return "n" + from + "->" + id;
    }
  }
}
