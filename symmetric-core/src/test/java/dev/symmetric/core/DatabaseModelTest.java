package dev.symmetric.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.ForwardingStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random operation sequences give the same results on RocksDB, on the in-memory engine and on a
 * naive {@link ReferenceModel}: every operation's outcome, and after every operation the whole
 * observable state (counts, {@code _all_docs}, changes, each document with its conflicts and
 * history, every known revision, {@code open_revs}, {@code revs_diff}, local documents).
 *
 * <p>A small id pool and a small pool of revision hashes make collisions, conflicts and overlapping
 * histories common. The RocksDB store keeps its cache; the in-memory one runs without a cache, so
 * stale cache entries show up as differences. A failure names the operation, its index and the
 * sequence that led there.
 */
class DatabaseModelTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final List<String> IDS = List.of("a", "b", "c", "_design/d");
  private static final List<String> LOCAL_IDS = List.of("cp1", "cp2");
  private static final int INITIAL_REVS_LIMIT = 4;

  @Property(tries = 60)
  void storesOnBothEnginesBehaveLikeTheModel(
      @ForAll("operations") List<Op> ops,
      @ForAll boolean retainNonLeafBodies,
      @ForAll boolean smallCache)
      throws IOException {
    Path dir = Files.createTempDirectory("symmetric-model");
    try (Targets t = new Targets(dir, retainNonLeafBodies, smallCache)) {
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        String where = "op " + i + " " + op + "\nafter " + ops.subList(0, i);
        Step step = op.resolve(t.model);
        String rocks = step.run(t.rocks);
        String memory = step.run(t.memory);
        String expected = step.model(t.model, rocks);
        assertThat(memory).as("in-memory outcome of " + where).isEqualTo(rocks);
        assertThat(rocks).as("outcome of " + where).isEqualTo(expected);
        if (i % 3 != 0 && i != ops.size() - 1) {
          continue; // the whole state every few operations keeps the run short
        }
        List<String> want = observe(new ModelView(t.model), t.model);
        assertThat(observe(new StoreView(t.rocks.db), t.model))
            .as("RocksDB state after " + where)
            .containsExactlyElementsOf(want);
        assertThat(observe(new StoreView(t.memory.db), t.model))
            .as("in-memory state after " + where)
            .containsExactlyElementsOf(want);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /** Found by the property above: a body must not outlive its revision's stemming. */
  @Example
  void replicatedHistoryThatGrowsAndStemsInOneWriteDropsTheStemmedBodies() throws IOException {
    Path dir = Files.createTempDirectory("symmetric-model");
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).revsLimit(2).build()) {
      Database db = store.createDatabase("stem");
      List<Revision> first = List.of(Revision.parse("1-a"));
      List<Revision> longer =
          List.of(Revision.parse("3-c"), Revision.parse("2-b"), Revision.parse("1-a"));
      assertThat(db.bulkDocs(List.of(Replica.json("x", first, false)), false).get(0).isOk())
          .isTrue();
      // Three revisions in, one stemmed out: the tree grew, yet 1-a's body must go.
      assertThat(db.bulkDocs(List.of(Replica.json("x", longer, false)), false).get(0).isOk())
          .isTrue();

      assertThat(db.get("x", GetOptions.defaults().withRevisions(true)).revisions())
          .containsExactly(Revision.parse("3-c"), Revision.parse("2-b"));
      assertThat(db.compact()).as("bodies left behind by stemming").isZero();
    } finally {
      deleteRecursively(dir);
    }
  }

  // ---- the three targets ----

  /** A store and its database; reopened on demand. */
  static final class Target {
    final Supplier<DocumentStore> open;
    DocumentStore store;
    Database db;

    Target(Supplier<DocumentStore> open, boolean create) {
      this.open = open;
      this.store = open.get();
      this.db = create ? store.createDatabase("model") : store.database("model");
    }

    void reopen() {
      store.close();
      store = open.get();
      db = store.database("model");
    }
  }

  static final class Targets implements AutoCloseable {
    final Target rocks;
    final Target memory;
    final StorageEngine memoryEngine = StorageEngines.inMemory();
    final ReferenceModel model;

    Targets(Path dir, boolean retainNonLeafBodies, boolean smallCache) {
      rocks =
          new Target(
              () ->
                  DocumentStore.builder()
                      .dataDir(dir)
                      .durability(Durability.WAL)
                      .revsLimit(INITIAL_REVS_LIMIT)
                      .cacheBytes(smallCache ? 2048 : 1 << 20)
                      .retainNonLeafBodies(retainNonLeafBodies)
                      .build(),
              true);
      // The in-memory engine loses its data on close, so its "reopen" builds a fresh store over
      // the same engine: the store reloads everything from storage, with an empty cache.
      memory =
          new Target(
              () ->
                  DocumentStore.builder()
                      .storage(new UnclosableEngine(memoryEngine))
                      .revsLimit(INITIAL_REVS_LIMIT)
                      .cacheBytes(0)
                      .retainNonLeafBodies(retainNonLeafBodies)
                      .build(),
              true);
      model = new ReferenceModel(INITIAL_REVS_LIMIT, retainNonLeafBodies);
    }

    @Override
    public void close() {
      rocks.store.close();
      memory.store.close();
      memoryEngine.close();
    }
  }

  // ---- operations ----

  enum RevKind {
    NONE,
    WINNER,
    OTHER_LEAF,
    NON_LEAF,
    UNKNOWN
  }

  /** Which revision a write names, resolved against the model when the write runs. */
  record RevChoice(RevKind kind, int pick) {
    Revision resolve(ReferenceModel m, String id) {
      List<Revision> leaves = m.leafRevs(id);
      List<Revision> inner = m.revisions(id).stream().filter(r -> !m.isLeaf(id, r)).toList();
      return switch (kind) {
        case NONE -> null;
        case WINNER -> leaves.isEmpty() ? null : leaves.get(0);
        case OTHER_LEAF -> leaves.isEmpty() ? null : leaves.get(pick % leaves.size());
        case NON_LEAF -> inner.isEmpty() ? unknown() : inner.get(pick % inner.size());
        case UNKNOWN -> unknown();
      };
    }

    private Revision unknown() {
      return new Revision(1 + pick % 4, "f" + pick);
    }

    @Override
    public String toString() {
      return kind == RevKind.NONE || kind == RevKind.WINNER ? kind.name() : kind + "#" + pick;
    }
  }

  /**
   * One generated operation. It is symbolic (revisions are named by {@link RevChoice}), so a shrunk
   * sequence stays meaningful; {@link #resolve} fixes the concrete inputs from the model's state
   * once, before any target runs it.
   */
  interface Op {
    Step resolve(ReferenceModel m);
  }

  /** An operation with concrete inputs, run on each store and on the model. */
  interface Step {
    /** Runs on a store and renders the outcome. */
    String run(Target t);

    /** Runs on the model; {@code rocks} is what the RocksDB store answered. */
    String model(ReferenceModel m, String rocks);
  }

  record Edit(String id, RevChoice rev, boolean deleted, int value) {
    ObjectNode json(Revision r) {
      ObjectNode doc = M.createObjectNode().put("_id", id);
      if (r != null) {
        doc.put("_rev", r.toString());
      }
      if (deleted) {
        doc.put("_deleted", true);
      }
      return doc.put("v", value);
    }

    ObjectNode body() {
      return M.createObjectNode().put("v", value);
    }

    @Override
    public String toString() {
      return id + (deleted ? " deleted" : "") + " rev=" + rev + " v=" + value;
    }
  }

  record Put(Edit edit) implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      Revision r = edit.rev.resolve(m, edit.id);
      return new Step() {
        @Override
        public String run(Target t) {
          return attempt(() -> "ok " + t.db.put(edit.json(r)).rev());
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          return m.edit(edit.id, r, edit.deleted, edit.body(), revOf(rocks));
        }
      };
    }

    @Override
    public String toString() {
      return "put(" + edit + ")";
    }
  }

  record Delete(String id, RevChoice rev) implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      Revision r = rev.resolve(m, id);
      return new Step() {
        @Override
        public String run(Target t) {
          return attempt(() -> "ok " + t.db.delete(id, r).rev());
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          return r == null
              ? "error conflict"
              : m.edit(id, r, true, M.createObjectNode(), revOf(rocks));
        }
      };
    }

    @Override
    public String toString() {
      return "delete(" + id + " rev=" + rev + ")";
    }
  }

  record BulkEdits(List<Edit> edits) implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      List<Revision> revs = new ArrayList<>();
      edits.forEach(e -> revs.add(e.rev.resolve(m, e.id)));
      return new Step() {
        @Override
        public String run(Target t) {
          List<ObjectNode> docs = new ArrayList<>();
          for (int i = 0; i < edits.size(); i++) {
            docs.add(edits.get(i).json(revs.get(i)));
          }
          return attempt(() -> render(t.db.bulkDocs(docs, true)));
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          List<String> answered = bulkOutcomes(rocks, edits.size());
          List<String> out = new ArrayList<>();
          for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            out.add(m.edit(e.id, revs.get(i), e.deleted, e.body(), revOf(answered.get(i))));
          }
          return String.join("; ", out);
        }
      };
    }

    @Override
    public String toString() {
      return "bulkDocs(new_edits=true, " + edits + ")";
    }
  }

  enum Base {
    FRESH,
    LEAF,
    NODE,
    DETACHED
  }

  /**
   * A replicated revision: new revisions (hashes from a small pool) on top of a base taken from the
   * current tree, sent with {@code keep} of the base's ancestors as history. A {@code DETACHED}
   * path starts above generation 1 with no known ancestor, like a history stemmed elsewhere.
   */
  record Replica(String id, Base base, int pick, int keep, List<Integer> hashes, boolean deleted) {
    List<Revision> path(ReferenceModel m) {
      List<Revision> known = m.revisions(id);
      Base b = known.isEmpty() && (base == Base.LEAF || base == Base.NODE) ? Base.FRESH : base;
      List<Revision> history = new ArrayList<>();
      int start;
      switch (b) {
        case FRESH -> start = 0;
        case DETACHED -> start = 1 + pick % 3;
        default -> {
          List<Revision> from = b == Base.LEAF ? m.leafRevs(id) : known;
          Revision r = from.get(pick % from.size());
          List<Revision> ancestry = m.ancestry(id, r);
          history.addAll(ancestry.subList(0, Math.min(ancestry.size(), keep + 1)));
          start = r.generation();
        }
      }
      List<Integer> hs = hashes.isEmpty() && history.isEmpty() ? List.of(0) : hashes;
      List<Revision> path = new ArrayList<>();
      for (int i = hs.size() - 1; i >= 0; i--) {
        path.add(new Revision(start + i + 1, "h" + hs.get(i)));
      }
      path.addAll(history);
      return path;
    }

    static ObjectNode json(String id, List<Revision> path, boolean deleted) {
      ObjectNode doc = M.createObjectNode().put("_id", id).put("_rev", path.get(0).toString());
      if (deleted) {
        doc.put("_deleted", true);
      }
      ObjectNode revisions = doc.putObject("_revisions");
      revisions.put("start", path.get(0).generation());
      ArrayNode ids = revisions.putArray("ids");
      path.forEach(r -> ids.add(r.hash()));
      return doc.put("from", "elsewhere");
    }

    @Override
    public String toString() {
      return id
          + (deleted ? " deleted " : " ")
          + base
          + "#"
          + pick
          + " keep="
          + keep
          + " new="
          + hashes;
    }
  }

  record Replicate(List<Replica> replicas) implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      List<List<Revision>> paths = new ArrayList<>();
      replicas.forEach(r -> paths.add(r.path(m)));
      return new Step() {
        @Override
        public String run(Target t) {
          List<ObjectNode> docs = new ArrayList<>();
          for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            docs.add(Replica.json(r.id, paths.get(i), r.deleted));
          }
          return attempt(() -> render(t.db.bulkDocs(docs, false)));
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          List<String> out = new ArrayList<>();
          for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            ObjectNode body = M.createObjectNode().put("from", "elsewhere");
            out.add(m.merge(r.id, paths.get(i), r.deleted, body));
          }
          return String.join("; ", out);
        }

        @Override
        public String toString() {
          return paths.toString();
        }
      };
    }

    @Override
    public String toString() {
      return "bulkDocs(new_edits=false, " + replicas + ")";
    }
  }

  /** A local document write, with the current revision or a wrong one. */
  record LocalWrite(String localId, boolean delete, boolean currentRev, int value) implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      Integer counter = m.localCounter(localId);
      Revision r;
      if (currentRev) {
        r = counter == null ? null : new Revision(0, "" + counter);
      } else {
        r = counter == null ? new Revision(0, "1") : null;
      }
      ObjectNode body = M.createObjectNode().put("seq", value);
      return new Step() {
        @Override
        public String run(Target t) {
          if (delete) {
            return attempt(
                () -> {
                  t.db.deleteLocal(localId, r);
                  return "ok";
                });
          }
          ObjectNode doc = body.deepCopy();
          if (r != null) {
            doc.put("_rev", r.toString());
          }
          return attempt(() -> "ok " + t.db.putLocal(localId, doc).rev());
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          return delete ? m.deleteLocal(localId, r) : m.putLocal(localId, r, body);
        }
      };
    }
  }

  /** Operations without inputs to resolve. */
  record Simple(
      String name, Function<Target, String> onStore, Function<ReferenceModel, String> onModel)
      implements Op {
    @Override
    public Step resolve(ReferenceModel m) {
      return new Step() {
        @Override
        public String run(Target t) {
          return onStore.apply(t);
        }

        @Override
        public String model(ReferenceModel m, String rocks) {
          return onModel.apply(m);
        }
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Op revsLimit(int limit) {
    return new Simple(
        "revsLimit(" + limit + ")",
        t -> {
          t.db.revsLimit(limit);
          return "ok";
        },
        m -> {
          m.revsLimit(limit);
          return "ok";
        });
  }

  static Op compact() {
    return new Simple("compact()", t -> "ok " + t.db.compact(), m -> "ok " + m.compact());
  }

  static Op reopen() {
    return new Simple(
        "reopen()",
        t -> {
          t.reopen();
          return "ok";
        },
        m -> "ok");
  }

  // ---- generators ----

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> id = Arbitraries.of(IDS);
    Arbitrary<RevChoice> rev =
        Combinators.combine(
                Arbitraries.frequency(
                    Tuple.of(2, RevKind.NONE),
                    Tuple.of(6, RevKind.WINNER),
                    Tuple.of(3, RevKind.OTHER_LEAF),
                    Tuple.of(1, RevKind.NON_LEAF),
                    Tuple.of(1, RevKind.UNKNOWN)),
                Arbitraries.integers().between(0, 7))
            .as(RevChoice::new);
    Arbitrary<Integer> value = Arbitraries.integers().between(0, 3);
    Arbitrary<Edit> edit =
        Combinators.combine(id, rev, Arbitraries.of(true, false, false, false, false), value)
            .as(Edit::new);
    Arbitrary<Replica> replica =
        Combinators.combine(
                id,
                Arbitraries.frequency(
                    Tuple.of(2, Base.FRESH),
                    Tuple.of(5, Base.LEAF),
                    Tuple.of(3, Base.NODE),
                    Tuple.of(1, Base.DETACHED)),
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 5).list().ofMaxSize(4),
                Arbitraries.of(true, false, false, false))
            .as(Replica::new);
    Arbitrary<Op> local =
        Combinators.combine(
                Arbitraries.of(LOCAL_IDS),
                Arbitraries.of(false, false, true),
                Arbitraries.of(true, true, true, false),
                value)
            .as(LocalWrite::new);
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(20, edit.map(Put::new)),
            Tuple.of(
                1,
                value.map(
                    v -> new Put(new Edit("_bad", new RevChoice(RevKind.NONE, 0), false, v)))),
            Tuple.of(6, Combinators.combine(id, rev).as(Delete::new)),
            Tuple.of(8, edit.list().ofMinSize(1).ofMaxSize(5).map(BulkEdits::new)),
            Tuple.of(14, replica.list().ofMinSize(1).ofMaxSize(4).map(Replicate::new)),
            Tuple.of(4, local),
            Tuple.of(2, Arbitraries.integers().between(1, 6).map(DatabaseModelTest::revsLimit)),
            Tuple.of(2, Arbitraries.just(compact())),
            Tuple.of(2, Arbitraries.just(reopen())));
    return op.list().ofMinSize(1).ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
  }

  // ---- observation ----

  /** Reads a database answers; the model answers the same reads. */
  interface View {
    DatabaseInfo info();

    AllDocsResult allDocs(List<String> keys);

    ChangesResult changes(long since, int limit);

    Document get(String id, GetOptions o);

    List<OpenRevResult> openRevs(String id, List<Revision> revs, boolean latest);

    Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> revs);

    ObjectNode getLocal(String id);
  }

  record StoreView(Database db) implements View {
    @Override
    public DatabaseInfo info() {
      return db.info();
    }

    @Override
    public AllDocsResult allDocs(List<String> keys) {
      AllDocsRequest all = AllDocsRequest.all();
      return db.allDocs(keys == null ? all : all.withKeys(keys));
    }

    @Override
    public ChangesResult changes(long since, int limit) {
      return db.changes(ChangesRequest.since(since).withLimit(limit).withAllLeaves(true));
    }

    @Override
    public Document get(String id, GetOptions o) {
      return db.get(id, o);
    }

    @Override
    public List<OpenRevResult> openRevs(String id, List<Revision> revs, boolean latest) {
      return db.openRevs(id, revs, latest, true);
    }

    @Override
    public Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> revs) {
      return db.revsDiff(revs);
    }

    @Override
    public ObjectNode getLocal(String id) {
      return db.getLocal(id);
    }
  }

  record ModelView(ReferenceModel m) implements View {
    @Override
    public DatabaseInfo info() {
      return m.info("model");
    }

    @Override
    public AllDocsResult allDocs(List<String> keys) {
      return keys == null ? m.allDocs() : m.allDocs(keys);
    }

    @Override
    public ChangesResult changes(long since, int limit) {
      return m.changes(since, limit, true);
    }

    @Override
    public Document get(String id, GetOptions o) {
      return m.get(id, o);
    }

    @Override
    public List<OpenRevResult> openRevs(String id, List<Revision> revs, boolean latest) {
      return m.openRevs(id, revs, latest, true);
    }

    @Override
    public Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> revs) {
      return m.revsDiff(revs);
    }

    @Override
    public ObjectNode getLocal(String id) {
      return m.getLocal(id);
    }
  }

  /** Everything observable, one line per read; the reads to make come from the model's state. */
  static List<String> observe(View v, ReferenceModel m) {
    List<String> out = new ArrayList<>();
    DatabaseInfo info = v.info();
    out.add(
        "info docs="
            + info.docCount()
            + " deleted="
            + info.docDelCount()
            + " seq="
            + info.updateSeq()
            + " revsLimit="
            + info.revsLimit());
    out.add("allDocs " + render(v.allDocs(null)));
    out.add("allDocs keys " + render(v.allDocs(IDS)));
    out.add("changes since 0 " + render(v.changes(0, Integer.MAX_VALUE)));
    long mid = info.updateSeq() / 2;
    out.add("changes since " + mid + " limit 2 " + render(v.changes(mid, 2)));
    GetOptions everything =
        GetOptions.defaults()
            .withConflicts(true)
            .withDeletedConflicts(true)
            .withRevisions(true)
            .withRevsInfo(true);
    Map<String, List<Revision>> diff = new LinkedHashMap<>();
    for (String id : IDS) {
      out.add("get " + id + " " + attempt(() -> render(v.get(id, everything))));
      List<Revision> probes = new ArrayList<>(m.revisions(id));
      probes.add(new Revision(2, "h1"));
      probes.add(new Revision(9, "absent"));
      for (Revision r : probes) {
        out.add(
            "get "
                + id
                + " rev="
                + r
                + " "
                + attempt(() -> render(v.get(id, everything.withRev(r)))));
        out.add(
            "get "
                + id
                + " latest="
                + r
                + " "
                + attempt(
                    () -> render(v.get(id, GetOptions.defaults().withRev(r).withLatest(true)))));
      }
      out.add("openRevs " + id + " all " + attempt(() -> renderOpen(v.openRevs(id, null, false))));
      out.add(
          "openRevs " + id + " latest " + attempt(() -> renderOpen(v.openRevs(id, probes, true))));
      diff.put(id, probes);
    }
    out.add("revsDiff " + attempt(() -> v.revsDiff(diff).toString()));
    for (String lid : LOCAL_IDS) {
      out.add("local " + lid + " " + attempt(() -> v.getLocal(lid).toString()));
    }
    return out;
  }

  // ---- rendering ----

  interface Read {
    String get();
  }

  static String attempt(Read read) {
    try {
      return read.get();
    } catch (SymmetricException e) {
      return error(e);
    }
  }

  static String error(SymmetricException e) {
    return "error " + e.error() + (e instanceof NotFoundException ? "/" + e.reason() : "");
  }

  static String render(List<BulkResult> results) {
    List<String> out = new ArrayList<>();
    for (BulkResult r : results) {
      out.add(r.isOk() ? "ok " + r.rev() : error(r.error()));
    }
    return String.join("; ", out);
  }

  static List<String> bulkOutcomes(String rendered, int n) {
    List<String> out = List.of(rendered.split("; "));
    return out.size() == n ? out : java.util.Collections.nCopies(n, "error ?");
  }

  static Revision revOf(String outcome) {
    return outcome.startsWith("ok ") ? Revision.parse(outcome.substring(3)) : null;
  }

  static String render(Document d) {
    return d.rev()
        + (d.deleted() ? " deleted" : "")
        + " "
        + d.body()
        + " revisions="
        + d.revisions()
        + " conflicts="
        + d.conflicts()
        + " deletedConflicts="
        + d.deletedConflicts()
        + " revsInfo="
        + d.revsInfo();
  }

  static String renderOpen(List<OpenRevResult> results) {
    List<String> out = new ArrayList<>();
    for (OpenRevResult r : results) {
      out.add(r.isOk() ? render(r.doc()) : "missing " + r.missing());
    }
    return out.toString();
  }

  static String render(AllDocsResult r) {
    List<String> rows = new ArrayList<>();
    for (AllDocsRow row : r.rows()) {
      rows.add(
          row.error() != null
              ? row.key() + ":" + row.error()
              : row.key() + "@" + row.rev() + (row.deleted() ? " deleted" : ""));
    }
    return "total=" + r.totalRows() + " " + rows;
  }

  static String render(ChangesResult r) {
    List<String> rows = new ArrayList<>();
    for (Change c : r.results()) {
      rows.add(c.seq() + " " + c.id() + " " + c.revs() + (c.deleted() ? " deleted" : ""));
    }
    return rows + " last=" + r.lastSeq() + " pending=" + r.pending();
  }

  // ---- plumbing ----

  /** Delegates to an engine but leaves it open when the store closes it. */
  static final class UnclosableEngine extends ForwardingStorageEngine {
    UnclosableEngine(StorageEngine delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(DatabaseModelTest::delete);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
