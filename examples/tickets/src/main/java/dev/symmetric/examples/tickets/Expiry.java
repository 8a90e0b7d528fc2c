package dev.symmetric.examples.tickets;

import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Document;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.jobs.JobContext;
import dev.symmetric.jobs.JobTask;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitioned job that tidies up after holds, one shard per run: it removes the hold documents
 * of its shard that ran out, and settles the bookings of its shard left {@code pending} by a node
 * that died mid-sale. Every node registers it; each (slot, shard) runs on one node under a claim.
 *
 * <p>Why no duplicates and no conflicts: a hold document is written once, by the node that took the
 * hold, and never edited; it is only ever deleted, by a plain tombstone on its only revision.
 * Revision ids are content hashes, so two runs that delete the same hold (the shard moved to
 * another node before the first deletion replicated) write the same tombstone revision, which
 * replication merges. Each deletion is made only while {@link JobContext#stillHolder()}; the run's
 * token is logged with what it removed. Settling goes through the seat's own claim (see {@link
 * SeatLedger#settle}), so two settlements of one booking reach the same outcome.
 */
final class Expiry implements JobTask {
  private static final Logger log = LoggerFactory.getLogger(Expiry.class);

  /** Shards of the job in the demo. */
  static final int SHARDS = 8;

  /** How long after its expiry a hold document is kept (clock skew between nodes). */
  static final long HOLD_GRACE_MILLIS = 2_000;

  /** How long after its hold's expiry a pending booking is left to the node selling it. */
  static final long SETTLE_AFTER_MILLIS = 5_000;

  /** Documents looked at per run; the rest wait for the next run. */
  static final int SCAN_MAX = 50_000;

  private final Supplier<TicketsDatabases> dbs;
  private final Supplier<SeatLedger> ledger;
  private final LongSupplier wallMillis;

  Expiry(Supplier<TicketsDatabases> dbs, Supplier<SeatLedger> ledger, LongSupplier wallMillis) {
    this.dbs = dbs;
    this.ledger = ledger;
    this.wallMillis = wallMillis;
  }

  @Override
  public void run(JobContext ctx) throws Exception {
    TicketsDatabases d = dbs.get();
    if (d == null) {
      return; // the node is still starting
    }
    ledger.get().forgetExpired();
    long now = wallMillis.getAsLong();
    int removed = 0;
    for (Document h : Docs.list(d.holds(), "", SCAN_MAX)) {
      if (Ids.shard(h.id(), ctx.shards()) != ctx.shard()
          || h.body().path("expiresAt").asLong() + HOLD_GRACE_MILLIS > now) {
        continue;
      }
      if (!ctx.stillHolder()) {
        return;
      }
      try {
        d.holds().delete(h.id(), h.rev());
        removed++;
      } catch (ConflictException | NotFoundException e) {
        // Deleted meanwhile (an early release here): the same tombstone.
      }
    }
    int settled = 0;
    for (Document b : Docs.list(d.bookings(), "", SCAN_MAX)) {
      if (Ids.shard(b.id(), ctx.shards()) != ctx.shard()
          || !Booking.PENDING.equals(b.body().path("status").asText())
          || b.body().path("holdExpiresAt").asLong() + SETTLE_AFTER_MILLIS > now) {
        continue;
      }
      if (!ctx.stillHolder()) {
        return;
      }
      if (ledger.get().settle(b).isPresent()) {
        settled++;
      }
    }
    if (removed > 0 || settled > 0) {
      log.info(
          "Expiry shard {}/{} under token {}: removed {} holds, settled {} bookings",
          ctx.shard(),
          ctx.shards(),
          ctx.token(),
          removed,
          settled);
    }
  }
}
