package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.http.HttpException;
import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds, sales and settlements of seats, through the seats' claims. The rules (see README.md, "Why
 * a seat is sold at most once"):
 *
 * <ul>
 *   <li>A hold is a claim on the seat, leased for the hold's duration; its token names the hold.
 *   <li>A sale renews the claim (to learn the seat's latest mark from a majority), writes the
 *       booking {@code pending}, releases the claim with the mark "sold under my token", and
 *       confirms only when a majority acknowledged that release while the lease was still valid.
 *   <li>A booking left {@code pending} is settled later under a fresh claim of the seat: confirmed
 *       when the seat's mark says it was sold under the booking's token (after writing that mark
 *       back to a majority), failed after a "free" mark that outranks it reached a majority.
 * </ul>
 */
final class SeatLedger {
  private static final Logger log = LoggerFactory.getLogger(SeatLedger.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Bound on waiting for one claim operation (each of its phases is bounded by the claims). */
  static final long CLAIM_WAIT_MILLIS = 15_000;

  /** Seats introduced at once when an event is created. */
  static final int INTRODUCE_BATCH = 16;

  static final long INTRODUCE_LEASE_MILLIS = 1_000;

  /** Holds this node keeps claims for; more are refused until some end. */
  static final int HELD_MAX = 100_000;

  /** Lease of the claim a settlement takes on a seat. */
  static final long SETTLE_LEASE_MILLIS = 10_000;

  private final String nodeId;
  private final Supplier<Claims> claims;
  private final Database holds;
  private final Database bookings;
  private final LongSupplier wallMillis;
  private final Copies copies;
  private final Map<String, Claim> held = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[64];

  SeatLedger(
      String nodeId,
      Supplier<Claims> claims,
      Database holds,
      Database bookings,
      LongSupplier wallMillis,
      Copies copies) {
    this.nodeId = nodeId;
    this.copies = copies;
    this.claims = claims;
    this.holds = holds;
    this.bookings = bookings;
    this.wallMillis = wallMillis;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** What a seat's mark means, as far as this node's replica knows. */
  enum SeatState {
    FREE,
    SOLD,
    /** Sold or being sold under a token whose booking is pending or not here yet. */
    UNSETTLED
  }

  SeatState state(String event, String seat, long mark) {
    if (!Marks.isSold(mark)) {
      return SeatState.FREE;
    }
    String id = Ids.hold(event, seat, Marks.token(mark)).toString();
    Optional<Document> booking = Docs.find(bookings, id);
    if (booking.isEmpty()) {
      return SeatState.UNSETTLED;
    }
    String status = booking.get().body().path("status").asText();
    if (Booking.releasesSeat(status)) {
      return SeatState.FREE;
    }
    return Booking.CONFIRMED.equals(status) ? SeatState.SOLD : SeatState.UNSETTLED;
  }

  /** Holds {@code seat} for {@code customer}; the hold document, or a 409 saying why not. */
  ObjectNode hold(String event, String seat, String customer, int seconds)
      throws InterruptedException {
    if (held.size() >= HELD_MAX / 2) {
      forgetExpired();
    }
    if (held.size() >= HELD_MAX) {
      throw new HttpException(503, "busy", "this node holds too many seats; try another node");
    }
    String key = Ids.seatKey(event, seat);
    Optional<Claim> got = await(claims.get().acquire(key, seconds * 1000L));
    if (got.isEmpty()) {
      throw new HttpException(
          409,
          "seat_unavailable",
          "seat " + seat + " is held by another customer, or the cluster could not agree just now");
    }
    Claim claim = got.get();
    SeatState state = state(event, seat, claim.progress());
    if (state != SeatState.FREE) {
      letGo(claim);
      throw soldOrUnsettled(seat, state);
    }
    Ids.HoldId id = Ids.hold(event, seat, claim.token());
    long now = wallMillis.getAsLong();
    ObjectNode doc = JSON.objectNode();
    doc.put("_id", id.toString());
    doc.put("type", "hold");
    doc.put("event", event);
    doc.put("seat", seat);
    doc.put("customer", customer);
    doc.put("token", claim.token());
    doc.put("node", nodeId);
    doc.put("seconds", seconds);
    doc.put("createdAt", now);
    doc.put("expiresAt", now + seconds * 1000L);
    try {
      holds.put(doc);
    } catch (RuntimeException e) {
      letGo(claim);
      throw e;
    }
    held.put(id.toString(), claim);
    doc.remove("_id");
    doc.put("id", id.toString());
    return doc;
  }

  /** Whether this node holds the claim of the hold. */
  boolean holds(String holdId) {
    Claim c = held.get(holdId);
    return c != null && claims.get().isValid(c);
  }

  /**
   * Sells the held seat: the booking as written, with status {@code confirmed}, or an exception (a
   * 410 when the hold is gone, a 503 when the sale's outcome is not known yet: the booking then
   * stays {@code pending} until a settlement decides it).
   */
  Document confirm(Document hold, ObjectNode contact) throws InterruptedException {
    Ids.HoldId id = Ids.parseHold(hold.id());
    synchronized (locks[Math.floorMod(hold.id().hashCode(), locks.length)]) {
      Claim claim = held.get(hold.id());
      if (claim == null || !claims.get().isValid(claim)) {
        held.remove(hold.id());
        throw new HttpException(410, "hold_expired", "hold " + hold.id() + " is no longer held");
      }
      // Renewing asks a majority again, after the grant: a sale under an earlier token whose
      // release was acknowledged in time shows here (README, step 2 of the argument).
      Optional<Claim> renewed = await(claims.get().renew(claim));
      if (renewed.isEmpty()) {
        held.remove(hold.id());
        throw new HttpException(410, "hold_expired", "hold " + hold.id() + " was lost");
      }
      Claim c = renewed.get();
      held.put(hold.id(), c);
      long mark = c.progress();
      if (mark != Marks.sold(id.token())) {
        SeatState state = state(id.event(), id.seat(), mark);
        if (state != SeatState.FREE) {
          held.remove(hold.id());
          letGo(c);
          throw soldOrUnsettled(id.seat(), state);
        }
      }
      if (Docs.find(bookings, hold.id()).isEmpty()) {
        ObjectNode b = JSON.objectNode();
        b.put("_id", hold.id());
        b.put("type", "booking");
        JsonNode body = hold.body();
        b.put("event", id.event());
        b.put("seat", id.seat());
        b.put("customer", body.path("customer").asText());
        b.put("token", id.token());
        b.put("node", nodeId);
        b.put("holdExpiresAt", body.path("expiresAt").asLong());
        b.put("createdAt", wallMillis.getAsLong());
        b.put("status", Booking.PENDING);
        b.set("contact", contact);
        b.put("contactUpdatedAt", 0L);
        b.put("contactUpdatedBy", nodeId);
        try {
          bookings.put(b);
        } catch (ConflictException e) {
          // Written meanwhile by a settlement here: the release below is the same either way.
        }
      }
      // The booking goes to a majority of the nodes before the sale: whoever survives has it.
      if (!copies.toMajority(bookings, hold.id())) {
        throw new HttpException(
            503,
            "not_confirmed",
            "booking "
                + hold.id()
                + " could not be copied to enough nodes; nothing was sold, confirm again");
      }
      boolean acknowledged =
          Boolean.TRUE.equals(await(claims.get().release(c, Marks.sold(id.token()))));
      // The acknowledgements arrived before the lease ran out on this node's clock: no other
      // claim can have been granted while they were collected.
      boolean durable = acknowledged && claims.get().isValid(c);
      if (!durable) {
        throw new HttpException(
            503,
            "not_confirmed",
            "the sale of seat "
                + id.seat()
                + " could not be made durable; booking "
                + hold.id()
                + " stays pending and is settled within a minute, or confirm again");
      }
      held.remove(hold.id());
      return Docs.update(bookings, hold.id(), settle(Booking.CONFIRMED, nodeId));
    }
  }

  /** Gives a hold up early: its claim goes back, passing the seat's mark on unchanged. */
  boolean release(String holdId) {
    Claim c = held.remove(holdId);
    if (c == null) {
      return false;
    }
    letGo(c);
    return true;
  }

  /** Releases a claim without waiting, passing its mark on; if no majority hears, it lapses. */
  private void letGo(Claim c) {
    var unused =
        claims
            .get()
            .release(c)
            .whenComplete(
                (ok, e) -> {
                  if (e != null || !Boolean.TRUE.equals(ok)) {
                    log.debug("Release of {} not acknowledged; it lapses with its lease", c.key());
                  }
                });
  }

  /**
   * Decides a booking left {@code pending}, under a fresh claim of its seat. Returns the status it
   * settled to, or empty when it could not decide now (seat held, no majority); the caller tries
   * again later.
   */
  Optional<String> settle(Document booking) throws InterruptedException {
    Ids.HoldId id = Ids.parseHold(booking.id());
    Optional<Claim> got = await(claims.get().acquire(id.seatKey(), SETTLE_LEASE_MILLIS));
    if (got.isEmpty()) {
      return Optional.empty();
    }
    Optional<Claim> renewed = await(claims.get().renew(got.get()));
    if (renewed.isEmpty()) {
      return Optional.empty();
    }
    Claim c = renewed.get();
    long mark = c.progress();
    boolean sold = mark == Marks.sold(id.token());
    // Sold: write the mark back so a majority has it. Not sold: a "free" mark that outranks the
    // booking's, so a late release of its sale can never become the seat's largest mark.
    long next = sold ? mark : Math.max(mark, Marks.free(id.token() + 1));
    boolean durable =
        Boolean.TRUE.equals(await(claims.get().release(c, next))) && claims.get().isValid(c);
    if (!durable) {
      return Optional.empty();
    }
    String status = sold ? Booking.CONFIRMED : Booking.FAILED;
    Docs.update(bookings, booking.id(), settle(status, nodeId));
    log.info("Settled booking {} as {} under token {}", booking.id(), status, c.token());
    return Optional.of(status);
  }

  /**
   * Takes and gives back each seat's claim once, so that every member has a record of each seat key
   * while all of them are up. A member that joined the cluster has to learn a key it never saw from
   * a majority of the <em>other</em> members before it votes on it (docs/jobs.md, "Membership"); in
   * a cluster of three with one member down it cannot, so seats first claimed then could not be
   * held. Returns how many seats were introduced.
   */
  int introduce(String event, Iterable<String> seats) throws InterruptedException {
    int done = 0;
    java.util.List<CompletableFuture<Boolean>> batch = new java.util.ArrayList<>();
    for (String seat : seats) {
      batch.add(
          claims
              .get()
              .acquire(Ids.seatKey(event, seat), INTRODUCE_LEASE_MILLIS)
              .thenCompose(
                  c ->
                      c.isEmpty()
                          ? CompletableFuture.completedFuture(false)
                          : claims.get().release(c.get())));
      if (batch.size() == INTRODUCE_BATCH) {
        done += count(batch);
        batch.clear();
      }
    }
    return done + count(batch);
  }

  private static int count(java.util.List<CompletableFuture<Boolean>> batch)
      throws InterruptedException {
    int n = 0;
    for (CompletableFuture<Boolean> f : batch) {
      try {
        n += Boolean.TRUE.equals(f.get(CLAIM_WAIT_MILLIS, TimeUnit.MILLISECONDS)) ? 1 : 0;
      } catch (ExecutionException | TimeoutException e) {
        // Not introduced now: the first hold of that seat introduces it.
      }
    }
    return n;
  }

  /** Drops claims of holds that ran out; they need no release. */
  int forgetExpired() {
    int n = 0;
    for (Iterator<Map.Entry<String, Claim>> it = held.entrySet().iterator(); it.hasNext(); ) {
      if (!claims.get().isValid(it.next().getValue())) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** An edit that moves a pending booking to {@code status}; anything else stays as it is. */
  private static Function<ObjectNode, ObjectNode> settle(String status, String by) {
    return body -> {
      if (!Booking.PENDING.equals(body.path("status").asText())) {
        return null;
      }
      body.put("status", status);
      body.put("settledBy", by);
      return body;
    };
  }

  private static HttpException soldOrUnsettled(String seat, SeatState state) {
    return state == SeatState.SOLD
        ? new HttpException(409, "seat_sold", "seat " + seat + " is sold")
        : new HttpException(
            409,
            "seat_unsettled",
            "seat " + seat + " was being sold and its booking is not settled here yet; try later");
  }

  private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
    try {
      return f.get(CLAIM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new HttpException(503, "claims_timeout", "the cluster did not answer in time");
    } catch (ExecutionException e) {
      throw new HttpException(
          503, "claims_unavailable", "the cluster could not be asked: " + e.getCause());
    }
  }
}
