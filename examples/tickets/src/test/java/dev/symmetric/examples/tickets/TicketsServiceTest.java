package dev.symmetric.examples.tickets;

import static dev.symmetric.examples.tickets.Api.await;
import static dev.symmetric.examples.tickets.Api.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.examples.node.NodeFlags;
import dev.symmetric.http.SymmetricNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The routes against a real node: RocksDB in a temporary directory, HTTP on an ephemeral port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketsServiceTest {
  private static final String SECRET = "tickets-service-test-secret";
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private List<SymmetricNode> nodes;
  private Api api;
  private int eventCounter;

  @BeforeAll
  void start(@TempDir Path dir) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    nodes =
        TicketsMain.start(
            NodeFlags.parse(
                new String[] {
                  "--node-id",
                  "t1",
                  "--http",
                  "127.0.0.1:0",
                  "--data",
                  dir.toString(),
                  "--secret",
                  SECRET
                }),
            out);
    api = new Api(nodes.get(0).baseUri().toString(), SECRET);
  }

  @AfterAll
  void stop() {
    nodes.forEach(SymmetricNode::close);
  }

  private String event(int seats) throws Exception {
    String id = "show-" + (++eventCounter);
    Api.Reply r =
        api.post(
            "/api/events", "{\"id\":\"" + id + "\",\"name\":\"Show\",\"seatCount\":" + seats + "}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.body().path("seatsIntroduced").asInt()).isEqualTo(seats);
    return id;
  }

  private String customer(String id) throws Exception {
    Api.Reply r =
        api.post(
            "/api/customers",
            "{\"id\":\"" + id + "\",\"name\":\"N\",\"email\":\"" + id + "@x.org\"}");
    assertThat(r.status()).as("%s", r).isIn(201, 409);
    return id;
  }

  private Api.Reply hold(String event, String seat, String customer, int seconds) throws Exception {
    return api.post(
        "/api/events/" + event + "/holds",
        "{\"customer\":\""
            + customer
            + "\",\"seat\":\""
            + seat
            + "\",\"seconds\":"
            + seconds
            + "}");
  }

  private Api.Reply confirm(String hold, String customer) throws Exception {
    return api.post(
        "/api/holds/" + hold + "/confirm",
        "{\"customer\":\"" + customer + "\",\"contact\":{\"email\":\"" + customer + "@x.org\"}}");
  }

  @Test
  void aHeldSeatIsBookedOnceAndItsSecondHolderIsTurnedAway() throws Exception {
    String ev = event(3);
    customer("ann");
    customer("bob");
    Api.Reply held = hold(ev, "2", "ann", 60);
    assertThat(held.status()).as("%s", held).isEqualTo(201);
    String holdId = held.body().path("id").asText();
    assertThat(held.body().path("token").asLong()).isPositive();
    assertThat(holdId).isEqualTo(ev + ":2:" + held.body().path("token").asLong());

    Api.Reply second = hold(ev, "2", "bob", 60);
    assertThat(second.status()).as("%s", second).isEqualTo(409);
    assertThat(second.error()).isEqualTo("seat_unavailable");
    assertThat(api.get("/api/events/" + ev).body().path("seatState").path("2").asText())
        .isEqualTo("held");

    Api.Reply wrong = confirm(holdId, "bob");
    assertThat(wrong.status()).as("%s", wrong).isEqualTo(403);
    assertThat(api.get("/api/bookings/" + holdId).status()).isEqualTo(404);

    Api.Reply booked = confirm(holdId, "ann");
    assertThat(booked.status()).as("%s", booked).isEqualTo(201);
    assertThat(booked.body().path("status").asText()).isEqualTo("confirmed");
    assertThat(booked.body().path("token").asLong()).isEqualTo(held.body().path("token").asLong());
    assertThat(booked.body().path("contact").path("email").asText()).isEqualTo("ann@x.org");

    Api.Reply again = confirm(holdId, "ann");
    assertThat(again.status()).as("confirming twice answers the booking").isEqualTo(200);
    assertThat(again.body().path("rev").asText()).isEqualTo(booked.body().path("rev").asText());

    Api.Reply sold = hold(ev, "2", "bob", 60);
    assertThat(sold.status()).as("%s", sold).isEqualTo(409);
    assertThat(sold.error()).isEqualTo("seat_sold");
    assertThat(api.get("/api/events/" + ev).body().path("seatState").path("2").asText())
        .isEqualTo("sold");
    assertThat(api.get("/api/bookings?event=" + ev + "&status=confirmed").body()).hasSize(1);
    assertThat(api.get("/api/bookings?customer=bob").body()).isEmpty();
  }

  @Test
  void aCancelledBookingFreesItsSeatAndContactEditsAreKept() throws Exception {
    String ev = event(1);
    customer("cat");
    customer("dan");
    String holdId = hold(ev, "1", "cat", 60).body().path("id").asText();
    assertThat(confirm(holdId, "cat").status()).isEqualTo(201);

    Api.Reply edited =
        api.put(
            "/api/bookings/" + holdId + "/contact",
            "{\"customer\":\"cat\",\"contact\":{\"phone\":\"+49 30 1234\"}}");
    assertThat(edited.status()).as("%s", edited).isEqualTo(200);
    assertThat(edited.body().path("contact").path("phone").asText()).isEqualTo("+49 30 1234");
    assertThat(edited.body().path("contactUpdatedBy").asText()).isEqualTo("t1");

    Api.Reply notYours = api.post("/api/bookings/" + holdId + "/cancel", "{\"customer\":\"dan\"}");
    assertThat(notYours.status()).isEqualTo(403);
    Api.Reply cancelled = api.post("/api/bookings/" + holdId + "/cancel", "{\"customer\":\"cat\"}");
    assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
    assertThat(cancelled.body().path("status").asText()).isEqualTo("cancelled");
    Api.Reply twice = api.post("/api/bookings/" + holdId + "/cancel", "{\"customer\":\"cat\"}");
    assertThat(twice.status()).isEqualTo(409);

    Api.Reply resold = hold(ev, "1", "dan", 60);
    assertThat(resold.status()).as("a cancelled seat can be held again: %s", resold).isEqualTo(201);
    assertThat(resold.body().path("token").asLong())
        .isGreaterThan(Long.parseLong(holdId.substring(holdId.lastIndexOf(':') + 1)));
    assertThat(confirm(resold.body().path("id").asText(), "dan").status()).isEqualTo(201);
  }

  @Test
  void aReleasedHoldLetsTheNextCustomerIn() throws Exception {
    String ev = event(1);
    customer("eve");
    customer("fay");
    String holdId = hold(ev, "1", "eve", 60).body().path("id").asText();
    assertThat(api.delete("/api/holds/" + holdId + "?customer=fay").status()).isEqualTo(403);
    Api.Reply released = api.delete("/api/holds/" + holdId + "?customer=eve");
    assertThat(released.status()).as("%s", released).isEqualTo(200);
    assertThat(api.get("/api/holds/" + holdId).status()).isEqualTo(404);
    assertThat(confirm(holdId, "eve").status()).isEqualTo(404);
    Api.Reply next = hold(ev, "1", "fay", 60);
    assertThat(next.status()).as("%s", next).isEqualTo(201);
  }

  @Test
  void anExpiredHoldCannotBeConfirmedAndTheExpiryJobRemovesIt() throws Exception {
    String ev = event(1);
    customer("gus");
    String holdId = hold(ev, "1", "gus", 1).body().path("id").asText();
    await(
        "the expiry job removes the hold",
        SETTLE,
        quietly(() -> api.get("/api/holds/" + holdId).status() == 404));
    Api.Reply late = confirm(holdId, "gus");
    assertThat(late.status()).as("%s", late).isIn(404, 410);
    assertThat(api.get("/api/bookings/" + holdId).status()).isEqualTo(404);
    assertThat(hold(ev, "1", "gus", 60).status()).isEqualTo(201);
  }

  @Test
  void aPendingBookingWhoseSaleReachedAMajorityIsSettledConfirmed() throws Exception {
    String ev = event(1);
    customer("hal");
    customer("ida");
    String holdId = hold(ev, "1", "hal", 1).body().path("id").asText();
    Api.Reply booked = confirm(holdId, "hal");
    assertThat(booked.status()).isEqualTo(201);
    // A crash between the acknowledged release and the "confirmed" write leaves it pending.
    ObjectNode pending = (ObjectNode) api.get("/db/tickets-bookings/" + holdId).body();
    pending.put("status", "pending");
    assertThat(api.put("/db/tickets-bookings/" + holdId, pending.toString()).status())
        .isEqualTo(201);
    assertThat(hold(ev, "1", "ida", 60).error())
        .as("an unsettled sale keeps the seat")
        .isEqualTo("seat_unsettled");

    await(
        "the expiry job settles the booking",
        SETTLE,
        quietly(() -> !status(holdId).equals("pending")));
    assertThat(status(holdId)).isEqualTo("confirmed");
    assertThat(api.get("/api/bookings/" + holdId).body().path("settledBy").asText())
        .isEqualTo("t1");
    assertThat(hold(ev, "1", "ida", 60).error()).isEqualTo("seat_sold");
  }

  @Test
  void aPendingBookingWhoseSaleNeverLandedIsSettledFailedAndFreesTheSeat() throws Exception {
    String ev = event(1);
    customer("jon");
    // A sale that wrote its pending booking and died before releasing the seat's claim.
    String id = ev + ":1:77";
    String doc =
        "{\"type\":\"booking\",\"event\":\""
            + ev
            + "\",\"seat\":\"1\",\"customer\":\"jon\",\"token\":77,\"node\":\"t9\","
            + "\"holdExpiresAt\":1,\"status\":\"pending\",\"contact\":{}}";
    assertThat(api.put("/db/tickets-bookings/" + id, doc).status()).isEqualTo(201);
    await(
        "the expiry job settles the booking", SETTLE, quietly(() -> !status(id).equals("pending")));
    assertThat(status(id)).isEqualTo("failed");
    Api.Reply held = hold(ev, "1", "jon", 60);
    assertThat(held.status()).as("%s", held).isEqualTo(201);
    assertThat(confirm(held.body().path("id").asText(), "jon").status()).isEqualTo(201);
  }

  @Test
  void concurrentContactEditsOfABookingAreMergedByTheResolver() throws Exception {
    String ev = event(1);
    customer("lea");
    String id = hold(ev, "1", "lea", 60).body().path("id").asText();
    assertThat(confirm(id, "lea").status()).isEqualTo(201);
    ObjectNode current = (ObjectNode) api.get("/db/tickets-bookings/" + id).body();
    String rev = current.path("_rev").asText();
    // Two edits of the same revision, as two partitioned nodes make them, arriving by replication.
    String docs =
        "{\"new_edits\":false,\"docs\":["
            + sibling(current, rev, "aaaa", "+1 111", 5_000, "n1")
            + ","
            + sibling(current, rev, "bbbb", "+2 222", 4_000, "n2")
            + "]}";
    assertThat(api.post("/db/tickets-bookings/_bulk_docs", docs).status()).isEqualTo(201);
    await(
        "the resolver ends the conflict",
        SETTLE,
        quietly(
            () ->
                !api.get("/db/tickets-bookings/" + id + "?conflicts=true")
                    .body()
                    .has("_conflicts")));
    JsonNode merged = api.get("/api/bookings/" + id).body();
    assertThat(merged.path("contact").path("phone").asText())
        .as("the later edit's contact")
        .isEqualTo("+1 111");
    assertThat(merged.path("contactUpdatedBy").asText()).isEqualTo("n1");
    assertThat(merged.path("status").asText()).isEqualTo("confirmed");
  }

  private static String sibling(
      ObjectNode current, String rev, String hash, String phone, long at, String by) {
    ObjectNode d = current.deepCopy();
    int gen = Integer.parseInt(rev.substring(0, rev.indexOf('-')));
    d.put("_rev", (gen + 1) + "-" + hash);
    ObjectNode revs = d.putObject("_revisions");
    revs.put("start", gen + 1);
    revs.putArray("ids").add(hash).add(rev.substring(rev.indexOf('-') + 1));
    d.putObject("contact").put("phone", phone);
    d.put("contactUpdatedAt", at);
    d.put("contactUpdatedBy", by);
    return d.toString();
  }

  private String status(String booking) throws java.io.IOException {
    return api.get("/api/bookings/" + booking).body().path("status").asText();
  }

  @Test
  void badInputIsRefusedWithAReasonAndChangesNothing() throws Exception {
    String ev = event(2);
    customer("kim");
    JsonNode eventsBefore = api.get("/api/events").body();
    JsonNode customersBefore = api.get("/api/customers").body();
    List<String[]> bad =
        List.of(
            new String[] {
              "POST", "/api/events", "{\"id\":\"Bad Id\",\"name\":\"x\",\"seatCount\":1}"
            },
            new String[] {"POST", "/api/events", "{\"id\":\"ok\",\"name\":\"x\",\"seatCount\":0}"},
            new String[] {
              "POST", "/api/events", "{\"id\":\"ok\",\"name\":\"x\",\"seats\":[\"a\",\"a\"]}"
            },
            new String[] {"POST", "/api/events", "{\"id\":\"ok\",\"name\":\"x\"}"},
            new String[] {"POST", "/api/events", "[1,2]"},
            new String[] {"POST", "/api/events", "{not json"},
            new String[] {"POST", "/api/customers", "{\"name\":\"x\",\"email\":\"nope\"}"},
            new String[] {
              "POST", "/api/customers", "{\"name\":\"x\",\"email\":\"a@b\",\"admin\":true}"
            },
            new String[] {
              "POST",
              "/api/events/" + ev + "/holds",
              "{\"customer\":\"kim\",\"seat\":\"1\",\"seconds\":0}"
            },
            new String[] {
              "POST",
              "/api/events/" + ev + "/holds",
              "{\"customer\":\"kim\",\"seat\":\"1\",\"seconds\":1.5}"
            },
            new String[] {
              "POST", "/api/events/" + ev + "/holds", "{\"customer\":\"kim\",\"seat\":\"9\"}"
            },
            new String[] {
              "POST", "/api/events/" + ev + "/holds", "{\"customer\":\"nobody\",\"seat\":\"1\"}"
            },
            new String[] {
              "POST", "/api/events/nope/holds", "{\"customer\":\"kim\",\"seat\":\"1\"}"
            },
            new String[] {"POST", "/api/holds/garbage/confirm", "{\"customer\":\"kim\"}"},
            new String[] {
              "POST",
              "/api/holds/" + ev + ":1:5/confirm",
              "{\"customer\":\"kim\",\"contact\":\"x\"}"
            },
            new String[] {"GET", "/api/bookings/" + ev + ":1:12345", null},
            new String[] {"GET", "/api/customers/nobody", null});
    for (String[] b : bad) {
      Api.Reply r = api.send(b[0], b[1], b[2]);
      assertThat(r.status()).as("%s %s %s -> %s", b[0], b[1], b[2], r).isBetween(400, 499);
      assertThat(r.body().path("error").asText()).as("%s", r).isNotEmpty();
      assertThat(r.body().path("reason").asText()).as("%s", r).isNotEmpty();
    }
    Api.Reply noJson = api.send("POST", "/api/customers", null);
    assertThat(noJson.status()).isBetween(400, 499);
    assertThat(api.get("/api/events").body()).isEqualTo(eventsBefore);
    assertThat(api.get("/api/customers").body()).isEqualTo(customersBefore);
    assertThat(api.get("/api/events/" + ev).body().path("seatState").path("1").asText())
        .isEqualTo("free");
    assertThat(hold(ev, "1", "kim", 60).status()).as("the seat was never taken").isEqualTo(201);
  }
}
