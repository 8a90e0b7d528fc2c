package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimReply.Outcome;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.MembershipSource;
import dev.symmetric.replication.spi.Scheduler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node's vote on every key. It promises and accepts only rounds higher than any it promised
 * before (the same round only to the same proposer), never while another node's accepted lease is
 * still running on this node's clock, and saves what it promised before it answers.
 */
final class Acceptor {
  private static final int STRIPES = 64;

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
      ClaimsConfig config, AcceptorStorage storage, MembershipSource membership, Scheduler clock) {
    this.nodeId = config.nodeId();
    this.config = config;
    this.storage = storage;
    this.membership = membership;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(Math.max(1, config.cachedKeysMax() / STRIPES));
    }
  }

  ClaimReply answer(ClaimRequest r) {
    Stripe stripe = stripes[Math.floorMod(r.key().hashCode(), STRIPES)];
    synchronized (stripe) {
      Entry e = stripe.get(r.key());
      if (e == null) {
        // A lease read back from disk is held in full from now: its real start is earlier.
        e = new Entry(storage.load(r.key()).orElse(AcceptorRecord.EMPTY), clock.nowMillis());
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
