package dev.symmetric.replication.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.core.RevsDiff;
import dev.symmetric.core.SymmetricException;
import dev.symmetric.replication.Digests;
import dev.symmetric.replication.ReplicationStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs a schedule of {@link Step}s on a {@link SimCluster}, checks invariants after every step,
 * then heals the cluster, waits for it to converge and checks what every node must agree on. A
 * failure throws an {@link AssertionError} whose message is the readable trace of the run.
 */
public final class Simulation implements AutoCloseable {
  /** Virtual time the healed cluster gets to converge; minutes, where seconds should do. */
  static final long CONVERGE_MILLIS_MAX = 30 * 60_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EVENTS_SHOWN = 60;
  private static final long STEP_GAP_MILLIS_MAX = 100;

  private final int nodes;
  private final long seed;
  private final SimNetwork.Faults faults;
  private final Random random;
  private final SimCluster cluster;
  private final List<String> trace = new ArrayList<>();
  private final ArrayDeque<String> lastEvents = new ArrayDeque<>();
  private final StringBuilder allEvents;

  /** Every acknowledged revision ({@code id@rev}) and the node that acknowledged it first. */
  private final Map<String, Integer> acknowledged = new TreeMap<>();

  private final List<Set<String>> known = new ArrayList<>();
  private int stepNo;

  /**
   * @param keepEvents keep every network event (for the determinism check), not only the last
   */
  public Simulation(int nodes, long seed, SimNetwork.Faults faults, boolean keepEvents) {
    this.nodes = nodes;
    this.seed = seed;
    this.faults = faults;
    Random master = new Random(seed);
    this.random = new Random(master.nextLong());
    this.allEvents = keepEvents ? new StringBuilder() : null;
    this.cluster = new SimCluster(nodes, master.nextLong(), this::event);
    cluster.network().faults(faults);
    for (int i = 0; i < nodes; i++) {
      known.add(new TreeSet<>());
    }
  }

  public SimCluster cluster() {
    return cluster;
  }

  /** Runs every step, then converges and checks; throws with the trace on any failure. */
  public Simulation runAndCheck(List<Step> steps) {
    try {
      steps.forEach(this::step);
      converge();
      checkConverged();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(report(e.toString()), e);
    }
    return this;
  }

  /** Runs one step, lets a little time pass, and checks the invariants. */
  public void step(Step step) {
    long t = cluster.sim().nowMillis();
    String outcome = apply(step);
    trace.add(String.format("%3d t=%-7d %s%s", stepNo++, t, step, outcome));
    cluster.sim().runFor(1 + random.nextInt((int) STEP_GAP_MILLIS_MAX));
    checkInvariants();
  }

  // ---- steps ----

  private String apply(Step step) {
    try {
      if (step instanceof Step.Put p) {
        return " -> " + put(node(p.node()), p.doc(), p.value());
      } else if (step instanceof Step.Delete d) {
        return " -> " + delete(node(d.node()), d.doc());
      } else if (step instanceof Step.ConcurrentEdit c) {
        return " -> " + concurrentEdit(c);
      } else if (step instanceof Step.Branch b) {
        return " -> " + branch(node(b.node()), b.doc(), b.tag());
      } else if (step instanceof Step.Partition p) {
        return " -> " + partition(p);
      } else if (step instanceof Step.Filter f) {
        return filter(f);
      } else if (step instanceof Step.Heal) {
        return heal();
      } else if (step instanceof Step.Restart r) {
        return restart(r);
      } else if (step instanceof Step.Advance a) {
        return advance(a);
      }
      throw new IllegalArgumentException("unknown step " + step);
    } catch (SymmetricException e) {
      return " -> refused: " + e.getMessage();
    }
  }

  private int node(int n) {
    return Math.floorMod(n, nodes);
  }

  private String put(int n, int doc, int value) {
    String id = "doc" + doc;
    Database db = cluster.db(n);
    ObjectNode body = MAPPER.createObjectNode().put("_id", id).put("v", value);
    winner(db, id).ifPresent(rev -> body.put("_rev", rev));
    return ack(n, id, db.put(body).rev());
  }

  private String delete(int n, int doc) {
    String id = "doc" + doc;
    Database db = cluster.db(n);
    Optional<String> rev = winner(db, id);
    if (rev.isEmpty()) {
      return "nothing to delete";
    }
    return ack(n, id, db.delete(id, Revision.parse(rev.get())).rev());
  }

  private String concurrentEdit(Step.ConcurrentEdit c) {
    int a = node(c.nodeA());
    int b = node(c.nodeB());
    if (a == b) {
      b = (a + 1) % nodes;
    }
    String id = "doc" + c.doc();
    Optional<String> base = winner(cluster.db(a), id);
    String created = "";
    if (base.isEmpty()) {
      // Both create the same first revision, as if it had replicated.
      created = put(a, c.doc(), -1) + ", " + put(b, c.doc(), -1) + "; ";
      base = winner(cluster.db(a), id);
    }
    return created
        + edit(a, id, base.get(), c.value())
        + ", "
        + edit(b, id, base.get(), -c.value());
  }

  private String edit(int n, String id, String base, int value) {
    ObjectNode body = MAPPER.createObjectNode().put("_id", id).put("_rev", base).put("v", value);
    try {
      return ack(n, id, cluster.db(n).put(body).rev());
    } catch (SymmetricException e) {
      return "n" + n + " refused: " + e.getMessage();
    }
  }

  private String branch(int n, int doc, int tag) {
    String id = "doc" + doc;
    Database db = cluster.db(n);
    List<String> ancestors = new ArrayList<>();
    int generation = 1;
    try {
      Document w = db.get(id, GetOptions.defaults().withRevisions(true));
      for (Revision r : w.revisions()) {
        ancestors.add(r.hash());
      }
      if (ancestors.isEmpty() || !ancestors.get(0).equals(w.rev().hash())) {
        ancestors.add(0, w.rev().hash());
      }
      generation = w.rev().generation() + 1;
    } catch (NotFoundException e) {
      // a new root branch
    }
    String hash = String.format("%08x%08x%016x", tag, stepNo, seed);
    ObjectNode d = MAPPER.createObjectNode().put("_id", id).put("_rev", generation + "-" + hash);
    d.put("v", tag).put("branch", true);
    ObjectNode revisions = d.putObject("_revisions").put("start", generation);
    ArrayNode ids = revisions.putArray("ids").add(hash);
    ancestors.forEach(ids::add);
    BulkResult r = db.bulkDocs(List.of(d), false).get(0);
    if (!r.isOk()) {
      return "refused: " + r.error().getMessage();
    }
    return ack(n, id, Revision.parse(generation + "-" + hash));
  }

  private String partition(Step.Partition p) {
    Set<Integer> side = new TreeSet<>();
    Set<Integer> all = new TreeSet<>();
    for (int i = 0; i < nodes; i++) {
      all.add(i);
      if ((p.mask() & (1 << i)) != 0) {
        side.add(i);
      }
    }
    if (side.isEmpty() || side.size() == nodes) {
      side = Set.of(node(p.mask()));
    }
    cluster.network().partition(side, all, p.oneWay());
    return side + (p.oneWay() ? " cannot be reached" : " | " + minus(all, side));
  }

  private static Set<Integer> minus(Set<Integer> all, Set<Integer> side) {
    Set<Integer> rest = new TreeSet<>(all);
    rest.removeAll(side);
    return rest;
  }

  private String filter(Step.Filter f) {
    int from = node(f.from());
    int to = node(f.to());
    SimNetwork.Rule rule = cluster.network().filters().verbs(f.verb()).from(from).to(to);
    if (f.replies()) {
      rule.dropReplies();
    } else {
      rule.drop();
    }
    return "";
  }

  private String heal() {
    cluster.network().heal();
    return "";
  }

  private String restart(Step.Restart r) {
    if (r.crash()) {
      cluster.crash(node(r.node()));
    } else {
      cluster.restart(node(r.node()));
    }
    return "";
  }

  private String advance(Step.Advance a) {
    cluster.sim().runFor(a.millis());
    return "";
  }

  private String ack(int n, String id, Revision rev) {
    String key = id + "@" + rev;
    acknowledged.putIfAbsent(key, n);
    return "n" + n + " " + rev;
  }

  /** The winner's revision, unless there is none or it is deleted. */
  private static Optional<String> winner(Database db, String id) {
    try {
      return Optional.of(db.get(id).rev().toString());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  // ---- invariants ----

  /**
   * After every step: no node forgets a revision it knew (acknowledged writes included, across
   * restarts), and no leaf lacks its body.
   */
  private void checkInvariants() {
    for (int i = 0; i < nodes; i++) {
      Database db = cluster.db(i);
      Set<String> now = Digests.knownRevisions(db);
      Set<String> forgotten = new TreeSet<>(known.get(i));
      forgotten.removeAll(now);
      if (!forgotten.isEmpty()) {
        throw new AssertionError("n" + i + " forgot revisions it had: " + forgotten);
      }
      known.set(i, now);
      checkLeafBodies(i, db);
    }
    for (int target = 0; target < nodes; target++) {
      for (int source = 0; source < nodes; source++) {
        if (source != target) {
          checkCheckpoint(target, source);
        }
      }
    }
    acknowledged.forEach(
        (key, writer) -> {
          if (!known.get(writer).contains(key)) {
            throw new AssertionError("n" + writer + " lost its acknowledged write " + key);
          }
        });
  }

  /**
   * A checkpoint never runs ahead of the target: a source document whose last change is at or
   * before the checkpointed sequence has not changed since the replicator read it, so the target
   * must know every one of its leaves. (The mesh would hide a pull that skipped something, as
   * another pull brings it; this catches the skipping pull itself.)
   */
  private void checkCheckpoint(int target, int source) {
    ObjectNode checkpoint;
    try {
      checkpoint = cluster.db(target).getLocal("_local/" + cluster.replicationId(target, source));
    } catch (NotFoundException e) {
      return;
    }
    long seq = checkpoint.path("source_last_seq").asLong(-1);
    Map<String, List<Revision>> covered = new LinkedHashMap<>();
    for (Change ch :
        cluster.db(source).changes(ChangesRequest.since(0).withAllLeaves(true)).results()) {
      if (ch.seq() <= seq) {
        covered.put(ch.id(), ch.revs());
      }
    }
    for (Map.Entry<String, RevsDiff> e : cluster.db(target).revsDiff(covered).entrySet()) {
      if (!e.getValue().missing().isEmpty()) {
        throw new AssertionError(
            String.format(
                "n%d checkpointed its pull from n%d at seq %d but lacks %s %s",
                target, source, seq, e.getKey(), e.getValue().missing()));
      }
    }
  }

  private static void checkLeafBodies(int i, Database db) {
    for (String id : SimDigest.describe(db).keySet()) {
      for (OpenRevResult r : db.openRevs(id, null, false, false)) {
        if (!r.isOk()) {
          throw new AssertionError("n" + i + " has no body for leaf " + id + "@" + r.missing());
        }
      }
    }
  }

  // ---- the end ----

  /** Heals links, filters and faults (delays stay) and runs until every node agrees. */
  public void converge() {
    trace.add(String.format("    t=%-7d heal everything and converge", cluster.sim().nowMillis()));
    cluster.network().heal();
    cluster.network().faults(faults.healed());
    boolean done =
        cluster
            .sim()
            .runUntil(
                () -> (cluster.idle() && agree()) || !cluster.failed().isEmpty(),
                1_000,
                CONVERGE_MILLIS_MAX);
    if (!cluster.failed().isEmpty()) {
      throw new AssertionError("replications gave up: " + cluster.failed());
    }
    if (!done) {
      throw new AssertionError(
          "no convergence within " + CONVERGE_MILLIS_MAX + " ms of virtual time");
    }
    trace.add(String.format("    t=%-7d converged", cluster.sim().nowMillis()));
  }

  private boolean agree() {
    SortedMap<String, String> first = SimDigest.describe(cluster.db(0));
    for (int i = 1; i < nodes; i++) {
      if (!first.equals(SimDigest.describe(cluster.db(i)))) {
        return false;
      }
    }
    return true;
  }

  /** What converged nodes must agree on, and that nothing acknowledged was lost. */
  public void checkConverged() {
    List<ReplicationStatus> failed = cluster.failed();
    if (!failed.isEmpty()) {
      throw new AssertionError("replications gave up: " + failed);
    }
    if (!agree()) {
      throw new AssertionError("nodes disagree");
    }
    Map<String, List<Revision>> asked = new LinkedHashMap<>();
    for (String key : acknowledged.keySet()) {
      int at = key.indexOf('@');
      asked
          .computeIfAbsent(key.substring(0, at), k -> new ArrayList<>())
          .add(Revision.parse(key.substring(at + 1)));
    }
    for (int i = 0; i < nodes; i++) {
      Database db = cluster.db(i);
      for (Map.Entry<String, RevsDiff> e : db.revsDiff(asked).entrySet()) {
        if (!e.getValue().missing().isEmpty()) {
          throw new AssertionError(
              "n" + i + " lacks acknowledged " + e.getKey() + " " + e.getValue().missing());
        }
      }
      checkLeafBodies(i, db);
    }
  }

  /** Documents with more than one live leaf on node 0 (the same on all, once converged). */
  public int conflictedDocuments() {
    int n = 0;
    for (String line : SimDigest.describe(cluster.db(0)).values()) {
      if (!line.contains("conflicts=[]")) {
        n++;
      }
    }
    return n;
  }

  // ---- traces ----

  private void event(String line) {
    if (allEvents != null) {
      allEvents.append(line).append('\n');
    }
    lastEvents.addLast(line);
    if (lastEvents.size() > EVENTS_SHOWN) {
      lastEvents.removeFirst();
    }
  }

  /** The schedule as it ran, one line per step with what it did. */
  public String trace() {
    return String.join("\n", trace);
  }

  /** Everything a rerun of the same seed must repeat byte for byte. */
  public String fingerprint() {
    StringBuilder s = new StringBuilder(trace()).append('\n');
    for (int i = 0; i < nodes; i++) {
      s.append("n").append(i).append(' ').append(SimDigest.describe(cluster.db(i))).append('\n');
    }
    s.append("tasks run: ").append(cluster.sim().tasksRun()).append('\n');
    if (allEvents != null) {
      s.append(allEvents);
    }
    return s.toString();
  }

  /** A readable account of the run for a failure message. */
  public String report(String failure) {
    StringBuilder s = new StringBuilder();
    s.append("simulation failed: ").append(failure).append('\n');
    s.append(String.format("nodes=%d seed=%d faults=%s%n", nodes, seed, faults));
    s.append("schedule:\n").append(trace()).append('\n');
    s.append("replications:\n").append(cluster.statuses());
    for (int i = 0; i < nodes; i++) {
      s.append("n").append(i).append(" digest:\n");
      SimDigest.describe(cluster.db(i))
          .forEach((id, d) -> s.append("  ").append(id).append(": ").append(d).append('\n'));
    }
    s.append("last network events:\n");
    lastEvents.forEach(e -> s.append("  ").append(e).append('\n'));
    return s.toString();
  }

  @Override
  public void close() {
    cluster.close();
  }
}
