package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimReply.Outcome;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.ClaimTransport;
import dev.symmetric.jobs.spi.MembershipSource;
import dev.symmetric.jobs.spi.MembershipView;
import dev.symmetric.replication.spi.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's vote on every key. It promises and accepts only rounds higher than any it promised
 * before (the same round only to the same proposer), never while another node's accepted lease is
 * still running on this node's clock, and saves what it promised before it answers.
 *
 * <p>After each change of the member set it <em>syncs</em>: it copies every record of a majority of
 * the other members of the new set and merges them into its own. Until it has, it learns a key it
 * has no record of from a majority of the others before it first votes on it. It forgets keys idle
 * for long, keeping a floor above every round it forgot (docs/jobs.md).
 */
final class Acceptor {
  private static final int STRIPES = 64;

  /** Records per {@code list} page. */
  static final int LIST_PAGE = 256;

  /**
   * Where node-wide state is kept (no claim key is empty): {@code promisedRound} is the floor,
   * {@code promisedTo} the number of times this node started (its incarnation), {@code progress}
   * the membership version this acceptor last synced in. Earlier versions kept "founded" or
   * "joined" in {@code promisedTo}; that reads as incarnation 0.
   */
  private static final String NODE_KEY = "";

  /** How often the acceptor checks whether it must sync or forget idle keys. */
  static final long MAINTAIN_EVERY_MILLIS = 250;

  /** A key's record and when (on this node's clock) its lease was accepted or reloaded. */
  private static final class Entry {
    AcceptorRecord record;
    long acceptedAtMillis;

    Entry(AcceptorRecord record, long acceptedAtMillis) {
      this.record = record;
      this.acceptedAtMillis = acceptedAtMillis;
    }
  }

  /** A record as the forgetting pass last saw it, and since when it has not been written. */
  private record Idle(AcceptorRecord record, long sinceMillis) {}

  private final String nodeId;
  private final ClaimsConfig config;
  private final AcceptorStorage storage;
  private final MembershipSource membership;
  private final Scheduler clock;
  private final Stripe[] stripes = new Stripe[STRIPES];
  private final ClaimTransport transport;
  private final Map<String, Idle> idle = new ConcurrentHashMap<>();

  /** Every round of a forgotten key is at most this; a key with no record starts from it. */
  private volatile long floor;

  /** How many times this node has started, this start included. */
  private final long incarnation;

  /** The membership version of the last completed sync; 0 for none. */
  private volatile long syncedVersion;

  private volatile boolean syncing;
  private volatile boolean closed;
  private volatile Scheduler.Cancellable maintenance;
  private long lastForgetMillis;
  private final AtomicInteger forgotten = new AtomicInteger();

  private static final class Stripe extends LinkedHashMap<String, Entry> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Stripe(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      // Forgetting is safe: a reloaded lease is held again in full from the reload.
      return size() > max;
    }
  }

  Acceptor(
      ClaimsConfig config,
      AcceptorStorage storage,
      MembershipSource membership,
      Scheduler clock,
      ClaimTransport transport) {
    this.transport = transport;
    this.nodeId = config.nodeId();
    this.config = config;
    this.storage = storage;
    this.membership = membership;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(Math.max(1, config.cachedKeysMax() / STRIPES));
    }
    AcceptorRecord node = storage.load(NODE_KEY).orElse(AcceptorRecord.EMPTY);
    this.floor = node.promisedRound();
    this.syncedVersion = node.progress();
    this.incarnation = incarnationOf(node) + 1;
    saveNode(floor, syncedVersion);
    this.lastForgetMillis = clock.nowMillis();
    if (config.catchUpOnJoin() || config.forgetIdleAfterMillis() > 0) {
      maintenance = clock.schedule(MAINTAIN_EVERY_MILLIS, this::maintain);
    }
  }

  /** {@link #answerAsync}, waiting for a catch-up if one is needed. */
  ClaimReply answer(ClaimRequest r) {
    return answerAsync(r).join();
  }

  /**
   * Answers on the calling thread, unless this member has not synced since the member set changed
   * and has no record of the key: then it first learns the key's records from the other members,
   * holding no thread while it waits.
   */
  CompletableFuture<ClaimReply> answerAsync(ClaimRequest r) {
    if (r.kind() != ClaimRequest.Kind.READ
        && r.kind() != ClaimRequest.Kind.LIST
        && needsCatchUp(r.key())) {
      Optional<MembershipView> view = membership.view();
      if (view.isEmpty()) {
        return CompletableFuture.completedFuture(
            reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0));
      }
      return catchUp(r.key(), view.get())
          .thenApply(
              learned -> {
                if (learned.isEmpty()) {
                  return reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0);
                }
                install(r.key(), learned.get());
                return answerNow(r);
              });
    }
    return CompletableFuture.completedFuture(answerNow(r));
  }

  /** The floor: a proposer starts a key it knows nothing of above it. */
  long floor() {
    return floor;
  }

  /** Whether this acceptor has synced in the member set it sees now. */
  boolean synced() {
    Optional<MembershipView> view = membership.view();
    return view.isPresent() && synced(view.get());
  }

  private boolean synced(MembershipView view) {
    return view.version() == syncedVersion || (view.size() == 1 && view.members().contains(nodeId));
  }

  /** How many records the forgetting passes have deleted since this acceptor was made. */
  int forgottenKeys() {
    return forgotten.get();
  }

  void close() {
    closed = true;
    Scheduler.Cancellable m = maintenance;
    if (m != null) {
      m.cancel();
    }
  }

  private ClaimReply answerNow(ClaimRequest r) {
    if (r.kind() == ClaimRequest.Kind.READ || r.kind() == ClaimRequest.Kind.LIST) {
      // Only members of the same view answer: once they answered, no grant of an older view can
      // complete without one of them. Storage is never behind the cache (saved first), and reading
      // it needs no stripe lock, so two members catching up from each other never wait on another.
      Optional<MembershipView> view = membership.view();
      if (view.isEmpty() || view.get().version() != r.membershipVersion()) {
        return reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0);
      }
      return r.kind() == ClaimRequest.Kind.READ ? read(r.key()) : list(r.key());
    }
    Stripe stripe = stripeOf(r.key());
    synchronized (stripe) {
      Entry e = stripe.get(r.key());
      if (e == null) {
        AcceptorRecord loaded = storage.load(r.key()).orElse(null);
        if (loaded == null) {
          if (mustCatchUp()) {
            // Forgotten between the check and here; the next attempt catches up.
            return reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0);
          }
          loaded = floorRecord();
        }
        // A lease read back from disk (or learned) is held in full from now: it began earlier.
        e = new Entry(loaded, clock.nowMillis());
        stripe.put(r.key(), e);
      }
      AcceptorRecord rec = e.record;
      if (r.kind() == ClaimRequest.Kind.RELEASE) {
        return release(r, e);
      }
      var view = membership.view();
      if (view.isEmpty() || r.membershipVersion() != view.get().version()) {
        return reply(Outcome.MEMBERSHIP_MISMATCH, rec, 0);
      }
      boolean sameBallot =
          r.round() == rec.promisedRound() && r.proposer().equals(rec.promisedTo());
      if (r.round() < rec.promisedRound() || (r.round() == rec.promisedRound() && !sameBallot)) {
        return reply(Outcome.STALE_ROUND, rec, 0);
      }
      long remaining = heldRemaining(e, r);
      if (remaining > 0) {
        return reply(Outcome.HELD, rec, remaining);
      }
      AcceptorRecord next;
      if (r.kind() == ClaimRequest.Kind.PREPARE) {
        if (sameBallot) {
          return reply(Outcome.OK, rec, 0);
        }
        next =
            new AcceptorRecord(
                r.round(),
                r.proposer(),
                rec.acceptedRound(),
                rec.acceptedBy(),
                rec.leaseMillis(),
                rec.progress());
      } else {
        next =
            new AcceptorRecord(
                r.round(), r.proposer(), r.round(), r.proposer(), r.leaseMillis(), rec.progress());
      }
      save(r.key(), next);
      e.record = next;
      if (r.kind() == ClaimRequest.Kind.ACCEPT) {
        // Read after the durable write: the later the hold starts, the safer.
        e.acceptedAtMillis = clock.nowMillis();
      }
      return reply(Outcome.OK, next, 0);
    }
  }

  private ClaimReply read(String key) {
    AcceptorRecord stored = storage.load(key).orElse(floorRecord());
    return new ClaimReply(nodeId, Outcome.OK, stored.promisedRound(), stored.progress(), 0, stored);
  }

  private ClaimReply list(String after) {
    Map<String, AcceptorRecord> page = new LinkedHashMap<>();
    try {
      for (String key : storage.keysAfter(after, LIST_PAGE)) {
        storage.load(key).ifPresent(rec -> page.put(key, rec));
      }
    } catch (UnsupportedOperationException e) {
      return reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0);
    }
    // Read after the walk: a record it missed because it was forgotten meanwhile was deleted only
    // after the floor had been raised above it.
    return new ClaimReply(nodeId, Outcome.OK, floor, 0, 0, null, page);
  }

  /** What a key with no record stands for: every round up to the floor is spent. */
  private AcceptorRecord floorRecord() {
    long f = floor;
    return f == 0 ? AcceptorRecord.EMPTY : new AcceptorRecord(f, "", 0, "", 0, 0);
  }

  private Stripe stripeOf(String key) {
    return stripes[Math.floorMod(key.hashCode(), STRIPES)];
  }

  /** Saves a record; a written key is not idle. */
  private void save(String key, AcceptorRecord rec) {
    storage.save(key, rec);
    idle.remove(key);
  }

  /** Whether this member must learn keys it has no record of before voting on them. */
  private boolean mustCatchUp() {
    if (!config.catchUpOnJoin()) {
      return false;
    }
    Optional<MembershipView> view = membership.view();
    return view.isPresent() && !synced(view.get());
  }

  private boolean needsCatchUp(String key) {
    if (!mustCatchUp()) {
      return false;
    }
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      if (stripe.containsKey(key)) {
        return false;
      }
    }
    return storage.load(key).isEmpty();
  }

  /**
   * Saves a learned record unless one arrived meanwhile; it is held in full from now. An empty one
   * (no majority member knew the key) is only cached: if it is forgotten unsaved, the key is simply
   * learned again, and the first vote on the key saves a record anyway.
   */
  private void install(String key, AcceptorRecord learned) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      if (stripe.containsKey(key) || storage.load(key).isPresent()) {
        return;
      }
      if (!learned.equals(AcceptorRecord.EMPTY)) {
        save(key, learned);
      }
      stripe.put(key, new Entry(learned, clock.nowMillis()));
    }
  }

  /**
   * The merge of the records of a majority of the other members, or nothing when no such majority
   * answered in time.
   */
  private CompletableFuture<Optional<AcceptorRecord>> catchUp(String key, MembershipView view) {
    List<String> others = new ArrayList<>(view.members());
    others.remove(nodeId);
    if (others.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.of(AcceptorRecord.EMPTY));
    }
    int need = others.size() / 2 + 1;
    ClaimRequest read =
        new ClaimRequest(ClaimRequest.Kind.READ, key, 1, nodeId, 0, view.version(), 0);
    List<AcceptorRecord> heard = new ArrayList<>();
    CompletableFuture<Optional<AcceptorRecord>> result = new CompletableFuture<>();
    Scheduler.Cancellable timer =
        clock.schedule(config.requestTimeoutMillis(), () -> result.complete(Optional.empty()));
    result.whenComplete((r, e) -> timer.cancel());
    for (String member : others) {
      CompletableFuture<ClaimReply> sent;
      try {
        sent = transport.send(member, read);
      } catch (RuntimeException e) {
        continue; // an unreachable member is a silent one
      }
      sent.whenComplete(
          (reply, error) -> {
            if (reply == null || !reply.ok() || reply.record() == null) {
              return;
            }
            synchronized (heard) {
              heard.add(reply.record());
              if (heard.size() >= need) {
                result.complete(Optional.of(merge(heard)));
              }
            }
          });
    }
    return result;
  }

  /**
   * What a member that learns these records must hold to stand in for all of them: the highest
   * promise (to nobody in particular when two proposers were promised that round), the largest
   * progress mark, and every lease that may still be running anywhere, held in full from when it is
   * learned. One such lease keeps its ballot, so its holder can renew it here; two or more become
   * one anonymous lease, the longest, which no ballot can renew or release: learning must never let
   * this member accept a ballot while another one's lease it knew of still runs.
   */
  static AcceptorRecord merge(List<AcceptorRecord> records) {
    long promisedRound = 0;
    String promisedTo = "";
    long progress = 0;
    long lastRound = 0;
    String lastBy = "";
    long leasedRound = 0;
    String leasedBy = null;
    long leaseMillis = 0;
    boolean several = false;
    for (AcceptorRecord r : records) {
      if (r.promisedRound() > promisedRound) {
        promisedRound = r.promisedRound();
        promisedTo = r.promisedTo();
      } else if (r.promisedRound() == promisedRound && !r.promisedTo().equals(promisedTo)) {
        promisedTo = ""; // refuse this round to both: no proposer is named ""
      }
      progress = Math.max(progress, r.progress());
      if (r.acceptedRound() > lastRound) {
        lastRound = r.acceptedRound();
        lastBy = r.acceptedBy();
      }
      if (r.leaseMillis() > 0) {
        if (leasedBy == null) {
          leasedBy = r.acceptedBy();
          leasedRound = r.acceptedRound();
        } else if (leasedRound != r.acceptedRound() || !leasedBy.equals(r.acceptedBy())) {
          several = true;
          leasedRound = Math.max(leasedRound, r.acceptedRound());
        }
        leaseMillis = Math.max(leaseMillis, r.leaseMillis());
      }
    }
    if (leasedBy == null) {
      return new AcceptorRecord(promisedRound, promisedTo, lastRound, lastBy, 0, progress);
    }
    return new AcceptorRecord(
        promisedRound, promisedTo, leasedRound, several ? "" : leasedBy, leaseMillis, progress);
  }

  // ---- sync after a membership change ----

  private void maintain() {
    if (closed) {
      return;
    }
    try {
      Optional<MembershipView> view = membership.view();
      if (config.catchUpOnJoin() && view.isPresent() && !synced(view.get()) && !syncing) {
        sync(view.get());
      }
      long now = clock.nowMillis();
      long every = Math.max(MAINTAIN_EVERY_MILLIS, config.forgetIdleAfterMillis() / 2);
      if (config.forgetIdleAfterMillis() > 0 && now - lastForgetMillis >= every) {
        lastForgetMillis = now;
        forgetIdle();
      }
    } catch (RuntimeException e) {
      // Storage trouble: try again at the next tick; votes report their own failures.
    } finally {
      if (!closed) {
        maintenance = clock.schedule(MAINTAIN_EVERY_MILLIS, this::maintain);
      }
    }
  }

  /**
   * Copies every record of a majority of the other members of {@code view}, page by page, into this
   * acceptor's, then notes that it synced in {@code view}. Members answer only while they see the
   * same view. Gives up (and is tried again) when a majority cannot finish in time.
   */
  private void sync(MembershipView view) {
    List<String> others = new ArrayList<>(view.members());
    others.remove(nodeId);
    if (others.isEmpty()) {
      synced(view.version());
      return;
    }
    syncing = true;
    int need = others.size() / 2 + 1;
    AtomicInteger done = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(others.size());
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    result.whenComplete(
        (ok, e) -> {
          if (Boolean.TRUE.equals(ok)) {
            Optional<MembershipView> now = membership.view();
            if (now.isPresent() && now.get().version() == view.version()) {
              synced(view.version());
            }
          }
          syncing = false;
        });
    for (String member : others) {
      page(member, "", view, need, done, active, result);
    }
  }

  private void page(
      String member,
      String after,
      MembershipView view,
      int need,
      AtomicInteger done,
      AtomicInteger active,
      CompletableFuture<Boolean> result) {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<ClaimReply> sent;
    try {
      sent =
          transport.send(
              member,
              new ClaimRequest(ClaimRequest.Kind.LIST, after, 1, nodeId, 0, view.version(), 0));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ClaimReply> answered = new CompletableFuture<>();
    Scheduler.Cancellable timer =
        clock.schedule(
            config.requestTimeoutMillis(),
            () -> answered.completeExceptionally(new IllegalStateException("timed out")));
    sent.whenComplete(
        (reply, error) -> {
          timer.cancel();
          if (reply != null) {
            answered.complete(reply);
          } else {
            answered.completeExceptionally(error);
          }
        });
    answered.whenComplete(
        (reply, error) -> {
          if (result.isDone()) {
            return;
          }
          if (reply == null || !reply.ok() || reply.records() == null) {
            if (active.decrementAndGet() + done.get() < need) {
              result.complete(false);
            }
            return;
          }
          String last = after;
          try {
            raiseFloor(reply.promisedRound());
            for (Map.Entry<String, AcceptorRecord> r : reply.records().entrySet()) {
              learn(r.getKey(), r.getValue());
              last = r.getKey();
            }
          } catch (RuntimeException e) {
            result.complete(false);
            return;
          }
          if (reply.records().size() < LIST_PAGE) {
            active.decrementAndGet();
            if (done.incrementAndGet() >= need) {
              result.complete(true);
            }
          } else {
            page(member, last, view, need, done, active, result);
          }
        });
  }

  /** Merges one record a peer listed into this acceptor's record of the key. */
  private void learn(String key, AcceptorRecord theirs) {
    if (key.isEmpty()) {
      return;
    }
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      Entry e = stripe.get(key);
      AcceptorRecord mine = e != null ? e.record : storage.load(key).orElse(null);
      AcceptorRecord merged = merge(List.of(mine != null ? mine : floorRecord(), theirs));
      if (merged.equals(mine)) {
        return;
      }
      save(key, merged);
      boolean sameLease =
          mine != null
              && e != null
              && mine.acceptedRound() == merged.acceptedRound()
              && mine.acceptedBy().equals(merged.acceptedBy())
              && mine.leaseMillis() == merged.leaseMillis();
      long acceptedAt = sameLease ? e.acceptedAtMillis : clock.nowMillis();
      if (e == null) {
        stripe.put(key, new Entry(merged, acceptedAt));
      } else {
        e.record = merged;
        e.acceptedAtMillis = acceptedAt;
      }
    }
  }

  private synchronized void raiseFloor(long round) {
    if (round > floor) {
      saveNode(round, syncedVersion);
      floor = round;
    }
  }

  private synchronized void synced(long version) {
    if (version != syncedVersion) {
      saveNode(floor, version);
      syncedVersion = version;
    }
  }

  private void saveNode(long floor, long syncedVersion) {
    storage.save(
        NODE_KEY, new AcceptorRecord(floor, Long.toString(incarnation), 0, "", 0, syncedVersion));
  }

  private static long incarnationOf(AcceptorRecord node) {
    try {
      return Long.parseLong(node.promisedTo());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * How many times this node has started: part of its ballots' names, so that a restarted node
   * never passes a ballot of its previous life off as its own (renewing or withdrawing it).
   */
  long incarnation() {
    return incarnation;
  }

  // ---- forgetting idle keys ----

  /**
   * One pass over the stored keys. A key is forgotten when the pass before saw the same record at
   * least {@code forgetIdleAfterMillis} ago, nothing wrote it since, and no lease of it can still
   * be running here. The floor is raised above its rounds, durably, before it is deleted.
   */
  private void forgetIdle() {
    long now = clock.nowMillis();
    long after = config.forgetIdleAfterMillis();
    List<String> drop = new ArrayList<>();
    long dropFloor = 0;
    String cursor = "";
    while (true) {
      List<String> keys;
      try {
        keys = storage.keysAfter(cursor, 512);
      } catch (UnsupportedOperationException e) {
        return;
      }
      for (String key : keys) {
        if (key.isEmpty() || !config.forgettable().test(key)) {
          continue;
        }
        Stripe stripe = stripeOf(key);
        synchronized (stripe) {
          Optional<AcceptorRecord> stored = storage.load(key);
          if (stored.isEmpty()) {
            continue;
          }
          AcceptorRecord rec = stored.get();
          Idle seen = idle.get(key);
          if (seen == null || !seen.record().equals(rec)) {
            idle.put(key, new Idle(rec, now));
            continue;
          }
          long since = seen.sinceMillis();
          Entry e = stripe.get(key);
          if (e != null) {
            since = Math.max(since, e.acceptedAtMillis);
          }
          boolean leaseOver =
              rec.leaseMillis() == 0 || now - since >= config.holdMillis(rec.leaseMillis());
          if (now - seen.sinceMillis() >= after && leaseOver) {
            drop.add(key);
            dropFloor = Math.max(dropFloor, Math.max(rec.promisedRound(), rec.acceptedRound()));
          }
        }
      }
      if (keys.size() < 512) {
        break;
      }
      cursor = keys.get(keys.size() - 1);
    }
    if (drop.isEmpty()) {
      return;
    }
    raiseFloor(dropFloor); // durable before any record goes
    for (String key : drop) {
      Stripe stripe = stripeOf(key);
      synchronized (stripe) {
        Idle seen = idle.get(key);
        Optional<AcceptorRecord> stored = storage.load(key);
        if (seen == null || stored.isEmpty() || !seen.record().equals(stored.get())) {
          continue; // written meanwhile
        }
        storage.delete(key);
        stripe.remove(key);
        idle.remove(key);
        forgotten.incrementAndGet();
      }
    }
  }

  private ClaimReply release(ClaimRequest r, Entry e) {
    AcceptorRecord rec = e.record;
    boolean holds =
        rec.leaseMillis() > 0
            && rec.acceptedRound() == r.round()
            && rec.acceptedBy().equals(r.proposer());
    long progress = Math.max(rec.progress(), r.progress());
    if (holds || progress != rec.progress()) {
      AcceptorRecord next =
          new AcceptorRecord(
              rec.promisedRound(),
              rec.promisedTo(),
              rec.acceptedRound(),
              rec.acceptedBy(),
              holds ? 0 : rec.leaseMillis(),
              progress);
      save(r.key(), next);
      e.record = next;
    }
    return reply(Outcome.OK, e.record, 0);
  }

  /**
   * How long another ballot's lease still runs here; 0 if none, or if it is the request's own
   * ballot (a renewal). Even the holder's node gets a new ballot only after its lease ends, so two
   * callers on one node, or a restarted node, never hold a key at the same time.
   */
  private long heldRemaining(Entry e, ClaimRequest r) {
    AcceptorRecord rec = e.record;
    if (rec.leaseMillis() == 0
        || (rec.acceptedRound() == r.round() && rec.acceptedBy().equals(r.proposer()))) {
      return 0;
    }
    long end = e.acceptedAtMillis + config.holdMillis(rec.leaseMillis());
    return Math.max(0, end - clock.nowMillis());
  }

  private ClaimReply reply(Outcome outcome, AcceptorRecord rec, long heldRemaining) {
    return new ClaimReply(nodeId, outcome, rec.promisedRound(), rec.progress(), heldRemaining);
  }
}
