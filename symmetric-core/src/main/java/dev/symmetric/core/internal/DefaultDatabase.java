package dev.symmetric.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsResult;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DatabaseInfo;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.RevInfo;
import dev.symmetric.core.Revision;
import dev.symmetric.core.RevsDiff;
import dev.symmetric.core.StorageException;
import dev.symmetric.core.SymmetricException;
import dev.symmetric.core.WriteResult;
import dev.symmetric.core.internal.revtree.RevTree;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyValueReader;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/** A database over the store's engine: reads through the cache, writes through group commit. */
public final class DefaultDatabase implements Database {
  private final String name;
  private final long dbId;
  private final long instanceStartTime;
  private final StorageEngine engine;
  private final DocCache cache;
  private final Durability durability;
  private final boolean retainNonLeafBodies;
  private final DefaultDocumentStore store;
  private final GroupCommitter committer;

  private volatile int revsLimit;
  private volatile DatabaseState state;
  private volatile boolean dropped;

  private final AtomicReference<CompletableFuture<Long>> nextChange =
      new AtomicReference<>(new CompletableFuture<>());
  private final AtomicLong signaledSeq = new AtomicLong();
  private final CopyOnWriteArrayList<LongConsumer> listeners = new CopyOnWriteArrayList<>();

  DefaultDatabase(
      DefaultDocumentStore store,
      String name,
      DatabaseMeta meta,
      DatabaseState state,
      StorageEngine engine,
      DocCache cache,
      Durability durability,
      boolean retainNonLeafBodies,
      int groupCommitDocsMax,
      Executor committerThreads) {
    this.store = store;
    this.name = name;
    this.dbId = meta.dbId();
    this.instanceStartTime = meta.instanceStartTime();
    this.revsLimit = meta.revsLimit();
    this.state = state;
    this.signaledSeq.set(state.updateSeq());
    this.engine = engine;
    this.cache = cache;
    this.durability = durability;
    this.retainNonLeafBodies = retainNonLeafBodies;
    this.committer = new GroupCommitter(groupCommitDocsMax, new Sink(), committerThreads);
  }

  long dbId() {
    return dbId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DatabaseInfo info() {
    checkOpen();
    DatabaseState s = state;
    return new DatabaseInfo(
        name, s.docCount(), s.delCount(), s.updateSeq(), instanceStartTime, revsLimit);
  }

  @Override
  public long updateSeq() {
    return state.updateSeq();
  }

  @Override
  public int revsLimit() {
    return revsLimit;
  }

  @Override
  public void revsLimit(int limit) {
    if (limit < 1) {
      throw new BadRequestException("revs_limit must be a positive integer");
    }
    checkOpen();
    committer.exclusively(
        () -> {
          store.writeMeta(name, new DatabaseMeta(dbId, instanceStartTime, limit), durability);
          revsLimit = limit;
        });
  }

  // ---- writes ----

  @Override
  public WriteResult put(ObjectNode doc) {
    return put(null, doc);
  }

  @Override
  public WriteResult put(String id, ObjectNode doc) {
    if (doc == null) {
      throw new BadRequestException("Document must be a JSON object");
    }
    BulkResult r = bulkDocs(List.of(doc), true, id).get(0);
    if (!r.isOk()) {
      throw r.error();
    }
    return new WriteResult(r.id(), r.rev());
  }

  @Override
  public WriteResult delete(String id, Revision rev) {
    if (rev == null) {
      throw new dev.symmetric.core.ConflictException();
    }
    ObjectNode tombstone = Json.MAPPER.createObjectNode();
    tombstone.put("_rev", rev.toString());
    tombstone.put("_deleted", true);
    return put(id, tombstone);
  }

  @Override
  public List<BulkResult> bulkDocs(List<ObjectNode> docs, boolean newEdits) {
    return bulkDocs(docs, newEdits, null);
  }

  private List<BulkResult> bulkDocs(List<ObjectNode> docs, boolean newEdits, String idOverride) {
    BulkWork work = prepare(docs, newEdits, idOverride);
    if (work.hasWrites()) {
      committer.submit(work);
    }
    return work.results();
  }

  @Override
  public CompletableFuture<List<BulkResult>> bulkDocsAsync(
      List<ObjectNode> docs, boolean newEdits) {
    BulkWork work = prepare(docs, newEdits, null);
    if (!work.hasWrites()) {
      return CompletableFuture.completedFuture(work.results());
    }
    return committer.submitAsync(work).thenApply(v -> work.results());
  }

  @Override
  public CompletableFuture<WriteResult> putAsync(String id, ObjectNode doc) {
    if (doc == null) {
      throw new BadRequestException("Document must be a JSON object");
    }
    BulkWork work = prepare(List.of(doc), true, id);
    CompletableFuture<Void> committed =
        work.hasWrites() ? committer.submitAsync(work) : CompletableFuture.completedFuture(null);
    return committed.thenApply(
        v -> {
          BulkResult r = work.results().get(0);
          if (!r.isOk()) {
            throw r.error();
          }
          return new WriteResult(r.id(), r.rev());
        });
  }

  /** Parses and checks the documents on the caller's thread, before anything is queued. */
  private BulkWork prepare(List<ObjectNode> docs, boolean newEdits, String idOverride) {
    checkOpen();
    BulkWork work = new BulkWork(docs.size(), newEdits);
    for (ObjectNode doc : docs) {
      work.add(doc, idOverride);
    }
    return work;
  }

  /** A batch of documents written in one group; results keep the input order. */
  private final class BulkWork extends GroupCommitter.Work {
    private final boolean newEdits;
    private final List<DocInput> inputs;
    private final List<byte[]> idBytes;
    private final BulkResult[] results;

    BulkWork(int size, boolean newEdits) {
      this.newEdits = newEdits;
      this.inputs = new ArrayList<>(size);
      this.idBytes = new ArrayList<>(size);
      this.results = new BulkResult[size];
    }

    void add(ObjectNode doc, String idOverride) {
      int i = inputs.size();
      DocInput in = null;
      byte[] id = null;
      try {
        if (doc == null) {
          throw new BadRequestException("Document must be a JSON object");
        }
        in = DocInput.parse(doc, idOverride);
        if (in.id() == null) {
          if (!newEdits) {
            throw new BadRequestException("Document id is required with new_edits=false");
          }
          in = withId(in, UUID.randomUUID().toString().replace("-", ""));
        }
        if (in.id().startsWith(Names.LOCAL_PREFIX)) {
          Names.checkLocalId(in.id().substring(Names.LOCAL_PREFIX.length()));
        } else {
          id = Names.checkDocId(in.id());
        }
      } catch (SymmetricException e) {
        results[i] = BulkResult.failed(in == null ? idOf(doc) : in.id(), e);
        in = null;
      }
      inputs.add(in);
      idBytes.add(id);
    }

    boolean hasWrites() {
      return inputs.stream().anyMatch(in -> in != null);
    }

    @Override
    int weight() {
      return inputs.size();
    }

    @Override
    void apply(WriteContext ctx) {
      checkOpen();
      for (int i = 0; i < inputs.size(); i++) {
        DocInput in = inputs.get(i);
        if (in == null) {
          continue;
        }
        try {
          if (idBytes.get(i) == null) {
            results[i] = BulkResult.ok(in.id(), writeLocal(ctx, in, newEdits));
            continue;
          }
          DocRecord old =
              ctx.pending.containsKey(in.id()) ? ctx.pending.get(in.id()) : record(in.id());
          DocChange change =
              newEdits
                  ? Editor.edit(
                      in,
                      idBytes.get(i),
                      old,
                      revsLimit,
                      retainNonLeafBodies,
                      (id, rev) -> bodyInGroup(ctx, old, id, rev))
                  : Editor.merge(in, idBytes.get(i), old, revsLimit, retainNonLeafBodies);
          if (!change.isNoop()) {
            record(ctx, change);
          }
          results[i] = BulkResult.ok(in.id(), change.rev());
        } catch (SymmetricException e) {
          results[i] = BulkResult.failed(in.id(), e);
        }
      }
    }

    /** A body as this group sees it: written earlier in the group, or stored. */
    private byte[] bodyInGroup(WriteContext ctx, DocRecord current, String id, Revision rev) {
      byte[] inline = current == null ? null : current.inlineBody(rev);
      return inline != null ? inline : storedBodyInGroup(ctx, id, rev);
    }

    List<BulkResult> results() {
      return List.of(results);
    }
  }

  private static DocInput withId(DocInput in, String id) {
    return new DocInput(id, in.rev(), in.deleted(), in.revisions(), in.attachments(), in.body());
  }

  private static String idOf(ObjectNode doc) {
    return doc != null && doc.path("_id").isTextual() ? doc.get("_id").textValue() : null;
  }

  /**
   * Adds one document change to the group's batch and bookkeeping. The winner's body goes into the
   * record; every other stored body has a key of its own, so when the winner changes, the old
   * winner's body (if it is still kept) moves to its own key and the new winner's moves in.
   */
  private void record(WriteContext ctx, DocChange change) {
    long seq = ++ctx.seq;
    String id = change.id();
    byte[] idBytes = change.idBytes();
    DocRecord old = change.old();
    RevTree tree = change.newTree();
    Map<Revision, byte[]> puts = change.putBodies();
    List<Revision> drops = change.dropBodies();
    Revision winner = tree.winner().rev();
    Revision oldWinner = old == null ? null : old.winner();

    byte[] winnerBody = puts.get(winner);
    boolean winnerFromOwnKey = false;
    if (winnerBody == null) {
      if (winner.equals(oldWinner)) {
        winnerBody = old.winnerBody();
      } else {
        winnerBody = storedBodyInGroup(ctx, id, winner);
        winnerFromOwnKey = winnerBody != null;
      }
    }
    List<Revision> evict = new ArrayList<>();
    for (Map.Entry<Revision, byte[]> b : puts.entrySet()) {
      if (!b.getKey().equals(winner)) {
        putBody(ctx, id, idBytes, b.getKey(), b.getValue());
      }
    }
    if (winnerFromOwnKey) {
      deleteBody(ctx, id, idBytes, winner);
      evict.add(winner);
    }
    if (oldWinner != null
        && !oldWinner.equals(winner)
        && old.winnerBody() != null
        && tree.contains(oldWinner)
        && !drops.contains(oldWinner)) {
      putBody(ctx, id, idBytes, oldWinner, old.winnerBody());
    }
    for (Revision r : drops) {
      // The old winner's body was only in the record, which is replaced.
      if (!r.equals(oldWinner)) {
        deleteBody(ctx, id, idBytes, r);
      }
      evict.add(r);
    }

    if (old != null && !old.tree().isEmpty()) {
      if (old.tree().winner().deleted()) {
        ctx.delCount--;
      } else {
        ctx.docCount--;
      }
    }
    if (tree.winner().deleted()) {
      ctx.delCount++;
    } else {
      ctx.docCount++;
    }
    ctx.docChanges++;

    if (old != null) {
      ctx.batch.delete(Keys.seq(dbId, old.seq()));
    }
    DocRecord rec = new DocRecord(seq, tree, winnerBody);
    ctx.batch.put(Keys.seq(dbId, seq), SeqEntry.encode(idBytes, tree, ctx.docCount, ctx.delCount));
    ctx.batch.put(Keys.doc(dbId, idBytes), rec.encode());
    ctx.pending.put(id, rec);
    ctx.afterCommit.add(
        () -> {
          cache.replaceRecord(dbId, id, rec);
          evict.forEach(r -> cache.invalidateBody(dbId, id, r));
        });
  }

  private void putBody(WriteContext ctx, String id, byte[] idBytes, Revision rev, byte[] body) {
    ctx.batch.put(Keys.body(dbId, idBytes, rev.toString()), body);
    ctx.pendingBodies.put(new WriteContext.BodyRef(id, rev), body);
  }

  private void deleteBody(WriteContext ctx, String id, byte[] idBytes, Revision rev) {
    ctx.batch.delete(Keys.body(dbId, idBytes, rev.toString()));
    ctx.pendingBodies.put(new WriteContext.BodyRef(id, rev), null);
  }

  /** A body under its own key as this group sees it: written earlier in the group, or stored. */
  private byte[] storedBodyInGroup(WriteContext ctx, String id, Revision rev) {
    WriteContext.BodyRef ref = new WriteContext.BodyRef(id, rev);
    return ctx.pendingBodies.containsKey(ref) ? ctx.pendingBodies.get(ref) : storedBody(id, rev);
  }

  private Revision writeLocal(WriteContext ctx, DocInput in, boolean check) {
    String localId = in.id().substring(Names.LOCAL_PREFIX.length());
    byte[] key = Keys.local(dbId, localId);
    byte[] current =
        ctx.pendingLocal.containsKey(localId) ? ctx.pendingLocal.get(localId) : engine.get(key);
    if (in.deleted()) {
      if (current == null) {
        throw new NotFoundException("missing");
      }
      LocalDocs.nextCounter(current, in.rev(), check);
      ctx.batch.delete(key);
      ctx.pendingLocal.put(localId, null);
      return LocalDocs.rev(0);
    }
    int counter = LocalDocs.nextCounter(current, in.rev(), check);
    byte[] stored = LocalDocs.encode(counter, Json.toBytes(in.body()));
    ctx.batch.put(key, stored);
    ctx.pendingLocal.put(localId, stored);
    return LocalDocs.rev(counter);
  }

  private final class Sink implements GroupCommitter.Sink {
    @Override
    public WriteContext newContext() {
      return new WriteContext(state);
    }

    @Override
    public void commit(WriteContext ctx) {
      if (ctx.batch.isEmpty()) {
        return;
      }
      DatabaseState next = ctx.newState();
      try {
        engine.write(ctx.batch, durability);
      } catch (StorageFailure e) {
        throw new StorageException("could not write to " + name + ": " + e.getMessage(), e);
      }
      state = next;
      ctx.afterCommit.forEach(Runnable::run);
    }

    @Override
    public void afterUnlock() {
      long seq = state.updateSeq();
      long prev = signaledSeq.get();
      if (seq > prev && signaledSeq.compareAndSet(prev, seq)) {
        nextChange.getAndSet(new CompletableFuture<>()).complete(seq);
        for (LongConsumer l : listeners) {
          l.accept(seq);
        }
      }
    }
  }

  @Override
  public CompletableFuture<Long> awaitChangeAfter(long seq) {
    CompletableFuture<Long> next = nextChange.get();
    long now = state.updateSeq();
    if (now > seq) {
      return CompletableFuture.completedFuture(now);
    }
    return next.copy();
  }

  @Override
  public AutoCloseable onChange(LongConsumer listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ---- reads ----

  /** The current record of a document, or {@code null}. */
  DocRecord record(String id) {
    return record(id, null);
  }

  /** {@link #record(String)} given the id's UTF-8 bytes, when the caller has them already. */
  private DocRecord record(String id, byte[] idBytes) {
    return cache.record(
        dbId,
        id,
        k -> {
          byte[] key =
              Keys.doc(dbId, idBytes != null ? idBytes : k.getBytes(StandardCharsets.UTF_8));
          byte[] v = engine.get(key);
          return v == null ? null : DocRecord.decode(v);
        });
  }

  /** The body of a revision, or {@code null} when it is not stored. */
  byte[] body(String id, Revision rev) {
    DocRecord rec = record(id);
    byte[] inline = rec == null ? null : rec.inlineBody(rev);
    return inline != null ? inline : storedBody(id, rev);
  }

  /** The body of a revision of {@code rec}: from the record for its winner, else its own key. */
  private byte[] body(String id, DocRecord rec, Revision rev) {
    byte[] inline = rec.inlineBody(rev);
    return inline != null ? inline : storedBody(id, rev);
  }

  /** A body kept under its own key (any revision but the winner), or {@code null}. */
  private byte[] storedBody(String id, Revision rev) {
    return cache.body(
        dbId,
        id,
        rev,
        r -> engine.get(Keys.body(dbId, id.getBytes(StandardCharsets.UTF_8), r.toString())));
  }

  @Override
  public Document get(String id, GetOptions options) {
    checkOpen();
    if (id != null && id.startsWith(Names.LOCAL_PREFIX)) {
      ObjectNode local = getLocal(id);
      ObjectNode body = local.deepCopy();
      body.remove("_id");
      body.remove("_rev");
      return new Document(
          id,
          Revision.parse(local.get("_rev").textValue()),
          false,
          Json.toBytes(body),
          null,
          null,
          null,
          null);
    }
    byte[] idBytes = Names.checkDocId(id);
    // A concurrent update may drop the body of the leaf we picked: read again, and finally from
    // one snapshot, which holds a record together with the bodies it names.
    for (int attempt = 0; attempt < 2; attempt++) {
      DocRecord rec = record(id, idBytes);
      if (rec == null) {
        throw new NotFoundException("missing");
      }
      Revision rev = pick(rec.tree(), options);
      byte[] body = body(id, rec, rev);
      if (body != null) {
        return document(id, rec.tree(), rev, body, options);
      }
      if (!rec.tree().isLeaf(rev)) {
        throw new NotFoundException("missing");
      }
    }
    try (Snapshot snap = engine.snapshot()) {
      byte[] stored = snap.get(Keys.doc(dbId, id.getBytes(StandardCharsets.UTF_8)));
      if (stored == null) {
        throw new NotFoundException("missing");
      }
      DocRecord rec = DocRecord.decode(stored);
      Revision rev = pick(rec.tree(), options);
      byte[] body = rec.inlineBody(rev);
      if (body == null) {
        body = snap.get(Keys.body(dbId, id.getBytes(StandardCharsets.UTF_8), rev.toString()));
      }
      if (body == null) {
        throw new NotFoundException("missing");
      }
      return document(id, rec.tree(), rev, body, options);
    }
  }

  /** The revision a read names: the winner, or the asked-for one (or its newest leaf). */
  private static Revision pick(RevTree tree, GetOptions options) {
    if (options.rev() == null) {
      RevTree.Leaf w = tree.winner();
      if (w.deleted()) {
        throw new NotFoundException("deleted");
      }
      return w.rev();
    }
    Revision rev = options.rev();
    if (!tree.contains(rev)) {
      throw new NotFoundException("missing");
    }
    if (options.latest() && !tree.isLeaf(rev)) {
      rev = tree.leavesUnder(rev).get(0).rev();
    }
    return rev;
  }

  private Document document(String id, RevTree tree, Revision rev, byte[] body, GetOptions o) {
    // The whole stored path: the tree was stemmed to the limit in force when it was written, and
    // lowering the limit since must not hide history the document still has (CouchDB reports
    // what is stored).
    List<Revision> history = o.revisions() ? tree.ancestry(rev, Integer.MAX_VALUE) : null;
    List<Revision> conflicts = null;
    List<Revision> deletedConflicts = null;
    if (o.conflicts() || o.deletedConflicts()) {
      conflicts = new ArrayList<>();
      deletedConflicts = new ArrayList<>();
      for (RevTree.Leaf leaf : tree.leaves()) {
        if (!leaf.rev().equals(rev)) {
          (leaf.deleted() ? deletedConflicts : conflicts).add(leaf.rev());
        }
      }
      if (!o.conflicts()) {
        conflicts = null;
      }
      if (!o.deletedConflicts()) {
        deletedConflicts = null;
      }
    }
    List<RevInfo> revsInfo = null;
    if (o.revsInfo()) {
      revsInfo = new ArrayList<>();
      for (Revision r : tree.ancestry(rev, Integer.MAX_VALUE)) {
        String status;
        if (tree.node(r).deleted()) {
          status = "deleted";
        } else if (r.equals(rev) || body(id, r) != null) {
          status = "available";
        } else {
          status = "missing";
        }
        revsInfo.add(new RevInfo(r, status));
      }
    }
    return new Document(
        id, rev, tree.node(rev).deleted(), body, history, conflicts, deletedConflicts, revsInfo);
  }

  /** The document at a revision of {@code rec}, or {@code null} when its body is not stored. */
  Document documentAt(String id, DocRecord rec, Revision rev, GetOptions options) {
    byte[] body = body(id, rec, rev);
    return body == null ? null : document(id, rec.tree(), rev, body, options);
  }

  /**
   * The document at a revision of a record read from {@code snapshot}. A write committed since may
   * have dropped the body of what was then a leaf; the snapshot still holds it.
   */
  Document documentAt(
      String id, DocRecord rec, Revision rev, GetOptions options, KeyValueReader snapshot) {
    byte[] body = body(id, rec, rev);
    if (body == null) {
      body = snapshot.get(Keys.body(dbId, id.getBytes(StandardCharsets.UTF_8), rev.toString()));
    }
    return body == null ? null : document(id, rec.tree(), rev, body, options);
  }

  private Document at(
      String id, DocRecord rec, Revision rev, GetOptions options, KeyValueReader snapshot) {
    return snapshot == null
        ? documentAt(id, rec, rev, options)
        : documentAt(id, rec, rev, options, snapshot);
  }

  @Override
  public List<OpenRevResult> openRevs(
      String id, List<Revision> revs, boolean latest, boolean revisions) {
    checkOpen();
    Names.checkDocId(id);
    GetOptions options = GetOptions.defaults().withRevisions(revisions);
    // As in get: a concurrent update may drop the body of a leaf we read; read again, and finally
    // from one snapshot.
    for (int attempt = 0; attempt < 2; attempt++) {
      DocRecord rec = record(id);
      List<OpenRevResult> out = openRevs(id, rec, revs, latest, options, null);
      boolean lostLeaf =
          rec != null && out.stream().anyMatch(r -> !r.isOk() && rec.tree().isLeaf(r.missing()));
      if (!lostLeaf) {
        return out;
      }
    }
    try (Snapshot snap = engine.snapshot()) {
      byte[] stored = snap.get(Keys.doc(dbId, id.getBytes(StandardCharsets.UTF_8)));
      return openRevs(
          id, stored == null ? null : DocRecord.decode(stored), revs, latest, options, snap);
    }
  }

  private List<OpenRevResult> openRevs(
      String id,
      DocRecord rec,
      List<Revision> revs,
      boolean latest,
      GetOptions options,
      KeyValueReader snapshot) {
    if (revs == null) {
      if (rec == null) {
        throw new NotFoundException("missing");
      }
      List<OpenRevResult> out = new ArrayList<>();
      for (RevTree.Leaf leaf : rec.tree().leaves()) {
        Document d = at(id, rec, leaf.rev(), options, snapshot);
        out.add(d == null ? OpenRevResult.missing(leaf.rev()) : OpenRevResult.ok(d));
      }
      return out;
    }
    Map<Revision, OpenRevResult> out = new LinkedHashMap<>();
    for (Revision r : revs) {
      if (rec == null || !rec.tree().contains(r)) {
        out.putIfAbsent(r, OpenRevResult.missing(r));
        continue;
      }
      List<Revision> targets = new ArrayList<>();
      if (latest && !rec.tree().isLeaf(r)) {
        rec.tree().leavesUnder(r).forEach(l -> targets.add(l.rev()));
      } else {
        targets.add(r);
      }
      for (Revision t : targets) {
        if (!out.containsKey(t)) {
          Document d = at(id, rec, t, options, snapshot);
          out.put(t, d == null ? OpenRevResult.missing(t) : OpenRevResult.ok(d));
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  @Override
  public Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> revs) {
    checkOpen();
    Map<String, RevsDiff> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Revision>> e : revs.entrySet()) {
      String id = e.getKey();
      DocRecord rec = id.startsWith(Names.LOCAL_PREFIX) ? null : recordIfValid(id);
      Set<Revision> missing = new LinkedHashSet<>();
      int maxMissingGeneration = 0;
      for (Revision r : e.getValue()) {
        if (rec == null || !rec.tree().contains(r)) {
          missing.add(r);
          maxMissingGeneration = Math.max(maxMissingGeneration, r.generation());
        }
      }
      if (missing.isEmpty()) {
        continue;
      }
      List<Revision> ancestors = new ArrayList<>();
      if (rec != null) {
        for (RevTree.Leaf leaf : rec.tree().leaves()) {
          if (leaf.rev().generation() < maxMissingGeneration) {
            ancestors.add(leaf.rev());
          }
        }
      }
      out.put(id, new RevsDiff(List.copyOf(missing), ancestors));
    }
    return out;
  }

  private DocRecord recordIfValid(String id) {
    try {
      Names.checkDocId(id);
    } catch (BadRequestException e) {
      return null;
    }
    return record(id);
  }

  @Override
  public ChangesResult changes(ChangesRequest request) {
    checkOpen();
    return new ChangesReader(this, engine, dbId).read(request);
  }

  @Override
  public AllDocsResult allDocs(AllDocsRequest request) {
    checkOpen();
    return new AllDocsReader(this, engine, dbId, state.docCount()).read(request);
  }

  // ---- local documents ----

  @Override
  public ObjectNode getLocal(String id) {
    checkOpen();
    String localId = localId(id);
    byte[] stored = engine.get(Keys.local(dbId, localId));
    if (stored == null) {
      throw new NotFoundException("missing");
    }
    return LocalDocs.toJson(Names.LOCAL_PREFIX + localId, stored);
  }

  @Override
  public WriteResult putLocal(String id, ObjectNode doc) {
    String full = Names.LOCAL_PREFIX + localId(id);
    return put(full, doc);
  }

  @Override
  public void deleteLocal(String id, Revision rev) {
    String full = Names.LOCAL_PREFIX + localId(id);
    ObjectNode tombstone = Json.MAPPER.createObjectNode();
    if (rev != null) {
      tombstone.put("_rev", rev.toString());
    }
    tombstone.put("_deleted", true);
    put(full, tombstone);
  }

  private static String localId(String id) {
    if (id == null) {
      throw new BadRequestException("illegal_docid", "Local document id must not be empty");
    }
    String localId =
        id.startsWith(Names.LOCAL_PREFIX) ? id.substring(Names.LOCAL_PREFIX.length()) : id;
    Names.checkLocalId(localId);
    return localId;
  }

  // ---- maintenance ----

  @Override
  public long compact() {
    checkOpen();
    return new Compactor(this, engine, committer, dbId, durability).run();
  }

  void evictBody(String id, Revision rev) {
    cache.invalidateBody(dbId, id, rev);
  }

  void markDropped() {
    dropped = true;
    nextChange.get().completeExceptionally(new NotFoundException("Database does not exist."));
  }

  GroupCommitter committer() {
    return committer;
  }

  private void checkOpen() {
    if (dropped) {
      throw new NotFoundException("Database does not exist.");
    }
    store.checkOpen();
  }
}
