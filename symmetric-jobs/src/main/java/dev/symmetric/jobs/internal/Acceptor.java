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

/**
 * One node's vote on every key. It promises and accepts only rounds higher than any it promised
 * before (the same round only to the same proposer), never while another node's accepted lease is
 * still running on this node's clock, and saves what it promised before it answers.
 */
final class Acceptor {
  private static final int STRIPES = 64;

  /** Where the founded/joined marker is kept: no claim key is empty. */
  private static final String MEMBER_KEY = "";

  private static final String FOUNDED = "founded";
  private static final String JOINED = "joined";

  /** A key's record and when (on this node's clock) its lease was accepted or reloaded. */
  private static final class Entry {
    AcceptorRecord record;
    long acceptedAtMillis;

    Entry(AcceptorRecord record, long acceptedAtMillis) {
      this.record = record;
      this.acceptedAtMillis = acceptedAtMillis;
    }
  }

  private final String nodeId;
  private final ClaimsConfig config;
  private final AcceptorStorage storage;
  private final MembershipSource membership;
  private final Scheduler clock;
  private final Stripe[] stripes = new Stripe[STRIPES];
  private final ClaimTransport transport;

  /** Whether this member joined a running cluster; null until its first view decides it. */
  private volatile Boolean joined;

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
  }

  /** {@link #answerAsync}, waiting for a catch-up if one is needed. */
  ClaimReply answer(ClaimRequest r) {
    return answerAsync(r).join();
  }

  /**
   * Answers on the calling thread, unless this member joined a running cluster and has no record of
   * the key yet: then it first learns the key's records from the other members, holding no thread
   * while it waits.
   */
  CompletableFuture<ClaimReply> answerAsync(ClaimRequest r) {
    if (r.kind() != ClaimRequest.Kind.READ && needsCatchUp(r.key())) {
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

  private ClaimReply answerNow(ClaimRequest r) {
    if (r.kind() == ClaimRequest.Kind.READ) {
      // Storage is never behind the cache (saved first), and reading it needs no stripe lock, so
      // two joining members catching up from each other cannot wait on one another.
      AcceptorRecord stored = storage.load(r.key()).orElse(AcceptorRecord.EMPTY);
      return new ClaimReply(
          nodeId, Outcome.OK, stored.promisedRound(), stored.progress(), 0, stored);
    }
    Stripe stripe = stripes[Math.floorMod(r.key().hashCode(), STRIPES)];
    synchronized (stripe) {
      Entry e = stripe.get(r.key());
      if (e == null) {
        AcceptorRecord loaded = storage.load(r.key()).orElse(null);
        if (loaded == null) {
          if (mustCatchUp()) {
            // Forgotten between the check and here; the next attempt catches up.
            return reply(Outcome.MEMBERSHIP_MISMATCH, AcceptorRecord.EMPTY, 0);
          }
          loaded = AcceptorRecord.EMPTY;
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
      storage.save(r.key(), next);
      e.record = next;
      if (r.kind() == ClaimRequest.Kind.ACCEPT) {
        // Read after the durable write: the later the hold starts, the safer.
        e.acceptedAtMillis = clock.nowMillis();
      }
      return reply(Outcome.OK, next, 0);
    }
  }

  /** Whether this member joined a running cluster and so must learn keys it has no record of. */
  private boolean mustCatchUp() {
    if (!config.catchUpOnJoin()) {
      return false;
    }
    Optional<MembershipView> view = membership.view();
    return view.isPresent() && joined(view.get());
  }

  private boolean needsCatchUp(String key) {
    if (!mustCatchUp()) {
      return false;
    }
    Stripe stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
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
    Stripe stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
    synchronized (stripe) {
      if (stripe.containsKey(key) || storage.load(key).isPresent()) {
        return;
      }
      if (!learned.equals(AcceptorRecord.EMPTY)) {
        storage.save(key, learned);
      }
      stripe.put(key, new Entry(learned, clock.nowMillis()));
    }
  }

  /**
   * The merge of the records of a majority of the other members, or nothing when no such majority
   * answered in time. Every key's last grant sits on a majority of the previous member set, which
   * that majority intersects (one member joins at a time).
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
            if (reply == null || reply.record() == null) {
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

  /** The highest promise, the highest accepted ballot (longest lease on ties), the largest mark. */
  static AcceptorRecord merge(List<AcceptorRecord> records) {
    AcceptorRecord promised = AcceptorRecord.EMPTY;
    AcceptorRecord accepted = AcceptorRecord.EMPTY;
    long progress = 0;
    for (AcceptorRecord r : records) {
      if (r.promisedRound() > promised.promisedRound()
          || (r.promisedRound() == promised.promisedRound()
              && r.promisedTo().compareTo(promised.promisedTo()) > 0)) {
        promised = r;
      }
      if (r.acceptedRound() > accepted.acceptedRound()
          || (r.acceptedRound() == accepted.acceptedRound()
              && r.leaseMillis() > accepted.leaseMillis())) {
        accepted = r;
      }
      progress = Math.max(progress, r.progress());
    }
    return new AcceptorRecord(
        promised.promisedRound(),
        promised.promisedTo(),
        accepted.acceptedRound(),
        accepted.acceptedBy(),
        accepted.leaseMillis(),
        progress);
  }

  /**
   * Decided once and kept: a member whose first view lists only itself founded the cluster; any
   * other joined one that was already running.
   */
  private boolean joined(MembershipView view) {
    Boolean j = joined;
    if (j != null) {
      return j;
    }
    synchronized (this) {
      if (joined == null) {
        Optional<AcceptorRecord> marker = storage.load(MEMBER_KEY);
        if (marker.isPresent()) {
          joined = marker.get().promisedTo().equals(JOINED);
        } else {
          boolean founder = view.members().size() == 1 && view.members().contains(nodeId);
          storage.save(MEMBER_KEY, new AcceptorRecord(0, founder ? FOUNDED : JOINED, 0, "", 0, 0));
          joined = !founder;
        }
      }
      return joined;
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
      storage.save(r.key(), next);
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
