package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.http.Access;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The service's JSON routes, mounted under {@code /api}. Every node answers every route from its
 * own replica; a confirmation or early release of a hold runs on the node holding the hold's claim,
 * to which other nodes forward it.
 */
final class TicketsService implements HttpService {
  static final int SEATS_MAX = 2_000;
  static final int HOLD_SECONDS_MAX = 600;
  static final int HOLD_SECONDS_DEFAULT = 60;
  static final int LIST_MAX = 10_000;

  /** How long a route waits for a document written on another node to replicate here. */
  static final long REPLICATION_WAIT_MILLIS = 2_000;

  private static final int TEXT_CHARS_MAX = 200;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,100}@[^@\\s]{1,100}");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String nodeId;
  private final TicketsDatabases dbs;
  private final SeatLedger ledger;
  private final PeerForwarder forwarder;
  private final LongSupplier wallMillis;

  TicketsService(
      String nodeId,
      TicketsDatabases dbs,
      SeatLedger ledger,
      PeerForwarder forwarder,
      LongSupplier wallMillis) {
    this.nodeId = nodeId;
    this.dbs = dbs;
    this.ledger = ledger;
    this.forwarder = forwarder;
    this.wallMillis = wallMillis;
  }

  @Override
  public void routing(Routes r) {
    RouteOptions json = RouteOptions.defaults().requireJsonBody();
    RouteOptions peer = RouteOptions.of(Access.AUTHENTICATED).requireJsonBody();
    r.get("/events", req -> listEvents());
    r.post("/events", json, this::createEvent);
    r.get("/events/{event}", req -> event(req.pathParam("event")));
    r.post("/events/{event}/holds", json, this::hold);
    r.get("/holds/{id}", req -> hold(req.pathParam("id")));
    r.delete("/holds/{id}", req -> releaseHold(req, true));
    r.post("/holds/{id}/confirm", json, req -> confirm(req, true));
    r.get("/bookings", this::listBookings);
    r.get("/bookings/{id}", req -> render(booking(req.pathParam("id"))));
    r.put("/bookings/{id}/contact", json, this::updateContact);
    r.post("/bookings/{id}/cancel", json, this::cancel);
    r.get("/customers", req -> list(dbs.customers(), ""));
    r.post("/customers", json, this::createCustomer);
    r.get("/customers/{id}", req -> render(customer(req.pathParam("id"))));
    // Forwarded from other nodes to the one holding a hold's claim.
    r.post("/_peer/holds/{id}/confirm", peer, req -> confirm(req, false));
    r.post("/_peer/holds/{id}/release", peer, req -> releaseHold(req, false));
  }

  // ---- events

  private Object createEvent(Request req) throws InterruptedException {
    ObjectNode in = object(req);
    allowOnly(in, "id", "name", "seats", "seatCount");
    String id = Ids.check(Ids.EVENT, "id", text(in, "id", true));
    String name = text(in, "name", true);
    Set<String> seats = new LinkedHashSet<>();
    if (in.has("seats") == in.has("seatCount")) {
      throw HttpException.badRequest("give either seats (a list of seat names) or seatCount");
    }
    if (in.has("seatCount")) {
      JsonNode n = in.get("seatCount");
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > SEATS_MAX) {
        throw HttpException.badRequest("seatCount must be 1.." + SEATS_MAX);
      }
      for (int i = 1; i <= n.asInt(); i++) {
        seats.add(Integer.toString(i));
      }
    } else {
      JsonNode list = in.get("seats");
      if (!list.isArray() || list.isEmpty() || list.size() > SEATS_MAX) {
        throw HttpException.badRequest("seats must be a list of 1.." + SEATS_MAX + " seat names");
      }
      for (JsonNode s : list) {
        String seat = Ids.check(Ids.SEAT, "a seat", s.isTextual() ? s.asText() : null);
        if (!seats.add(seat)) {
          throw HttpException.badRequest("seat " + seat + " is listed twice");
        }
      }
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("_id", id);
    doc.put("name", name);
    ArrayNode arr = doc.putArray("seats");
    seats.forEach(arr::add);
    doc.put("createdAt", wallMillis.getAsLong());
    doc.put("createdBy", nodeId);
    try {
      dbs.events().put(doc);
    } catch (ConflictException e) {
      throw new HttpException(409, "conflict", "event " + id + " exists");
    }
    ObjectNode out = render(dbs.events().get(id));
    out.put("seatsIntroduced", ledger.introduce(id, seats));
    return Response.json(201, out);
  }

  private Object listEvents() {
    ArrayNode out = JSON.arrayNode();
    for (Document d : Docs.list(dbs.events(), "", LIST_MAX)) {
      ObjectNode e = JSON.objectNode();
      ObjectNode body = d.body();
      e.put("id", d.id());
      e.set("name", body.get("name"));
      e.put("seatCount", body.path("seats").size());
      out.add(e);
    }
    return out;
  }

  /** The event with each seat's state as this node sees it. */
  private Object event(String id) throws InterruptedException {
    Ids.check(Ids.EVENT, "event", id);
    Document event = eventDoc(id);
    long now = wallMillis.getAsLong();
    Map<String, String> state = new LinkedHashMap<>();
    for (JsonNode s : event.body().path("seats")) {
      state.put(s.asText(), "free");
    }
    for (Document h : Docs.list(dbs.holds(), id + ":", LIST_MAX)) {
      ObjectNode b = h.body();
      if (b.path("expiresAt").asLong() > now) {
        state.replace(b.path("seat").asText(), "held");
      }
    }
    for (Document bk : Docs.list(dbs.bookings(), id + ":", LIST_MAX)) {
      ObjectNode b = bk.body();
      String status = b.path("status").asText();
      if (Booking.CONFIRMED.equals(status) || Booking.PENDING.equals(status)) {
        state.replace(
            b.path("seat").asText(), Booking.CONFIRMED.equals(status) ? "sold" : "pending");
      }
    }
    ObjectNode out = render(event);
    ObjectNode seats = out.putObject("seatState");
    state.forEach(seats::put);
    out.put("servedBy", nodeId);
    return out;
  }

  // ---- customers

  private Object createCustomer(Request req) {
    ObjectNode in = object(req);
    allowOnly(in, "id", "name", "email");
    String id =
        in.has("id")
            ? Ids.check(Ids.CUSTOMER, "id", text(in, "id", true))
            : "c-" + HexFormat.of().formatHex(randomBytes(6));
    String name = text(in, "name", true);
    String email = text(in, "email", true);
    if (!EMAIL.matcher(email).matches()) {
      throw HttpException.badRequest("email does not look like an address: " + email);
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("_id", id);
    doc.put("name", name);
    doc.put("email", email);
    doc.put("createdAt", wallMillis.getAsLong());
    try {
      dbs.customers().put(doc);
    } catch (ConflictException e) {
      throw new HttpException(409, "conflict", "customer " + id + " exists");
    }
    return Response.json(201, render(dbs.customers().get(id)));
  }

  private Document customer(String id) throws InterruptedException {
    Ids.check(Ids.CUSTOMER, "customer", id);
    return Docs.await(dbs.customers(), id, REPLICATION_WAIT_MILLIS)
        .orElseThrow(() -> HttpException.notFound("no customer " + id));
  }

  // ---- holds

  private Object hold(Request req) throws InterruptedException {
    String event = Ids.check(Ids.EVENT, "event", req.pathParam("event"));
    ObjectNode in = object(req);
    allowOnly(in, "customer", "seat", "seconds");
    String customer = Ids.check(Ids.CUSTOMER, "customer", text(in, "customer", true));
    String seat = Ids.check(Ids.SEAT, "seat", text(in, "seat", true));
    int seconds = HOLD_SECONDS_DEFAULT;
    if (in.has("seconds")) {
      JsonNode s = in.get("seconds");
      if (!s.isIntegralNumber()
          || !s.canConvertToInt()
          || s.asInt() < 1
          || s.asInt() > HOLD_SECONDS_MAX) {
        throw HttpException.badRequest("seconds must be a whole number 1.." + HOLD_SECONDS_MAX);
      }
      seconds = s.asInt();
    }
    Document ev = eventDoc(event);
    boolean known = false;
    for (JsonNode s : ev.body().path("seats")) {
      known |= s.asText().equals(seat);
    }
    if (!known) {
      throw HttpException.notFound("event " + event + " has no seat " + seat);
    }
    customer(customer);
    return Response.json(201, ledger.hold(event, seat, customer, seconds));
  }

  private Object hold(String id) {
    Ids.HoldId hid = Ids.parseHold(id);
    Document h =
        Docs.find(dbs.holds(), id)
            .orElseThrow(
                () -> HttpException.notFound("no hold " + id + " (expired, or elsewhere)"));
    ObjectNode out = render(h);
    Optional<Document> b = Docs.find(dbs.bookings(), hid.toString());
    String status;
    if (b.isPresent()) {
      status = "booking_" + b.get().body().path("status").asText();
    } else {
      status = h.body().path("expiresAt").asLong() > wallMillis.getAsLong() ? "active" : "expired";
    }
    out.put("status", status);
    return out;
  }

  private CompletionStage<Response> releaseHold(Request req, boolean mayForward)
      throws InterruptedException {
    String id = req.pathParam("id");
    Ids.parseHold(id);
    String customer =
        mayForward
            ? req.queryParam("customer")
                .orElseThrow(() -> HttpException.badRequest("give ?customer=<id>"))
            : text(object(req), "customer", true);
    Document h = holdDoc(id);
    checkCustomer(h, customer);
    String holder = h.body().path("node").asText();
    if (!holder.equals(nodeId)) {
      if (!mayForward) {
        throw new HttpException(409, "not_holder", "hold " + id + " is held by " + holder);
      }
      ObjectNode body = JSON.objectNode().put("customer", customer);
      return forwarder.forward(holder, "/api/_peer/holds/" + id + "/release", body);
    }
    if (!ledger.release(id)) {
      throw new HttpException(410, "hold_expired", "hold " + id + " is no longer held");
    }
    try {
      dbs.holds().delete(id, h.rev());
    } catch (ConflictException | dev.symmetric.core.NotFoundException e) {
      // Removed meanwhile by the expiry job: the same tombstone.
    }
    return done(Response.json(Map.of("id", id, "released", true)));
  }

  private CompletionStage<Response> confirm(Request req, boolean mayForward)
      throws InterruptedException {
    String id = req.pathParam("id");
    Ids.parseHold(id);
    ObjectNode in = object(req);
    allowOnly(in, "customer", "contact");
    String customer = Ids.check(Ids.CUSTOMER, "customer", text(in, "customer", true));
    ObjectNode contact = contact(in.get("contact"));
    Optional<Document> existing = Docs.find(dbs.bookings(), id);
    if (existing.isPresent()) {
      ObjectNode b = existing.get().body();
      if (!b.path("customer").asText().equals(customer)) {
        throw new HttpException(403, "forbidden", "booking " + id + " is another customer's");
      }
      String status = b.path("status").asText();
      if (Booking.CONFIRMED.equals(status)) {
        return done(Response.json(render(existing.get())));
      }
      if (!Booking.PENDING.equals(status)) {
        throw new HttpException(409, "booking_" + status, "booking " + id + " is " + status);
      }
    }
    Document h = holdDoc(id);
    checkCustomer(h, customer);
    String holder = h.body().path("node").asText();
    if (!holder.equals(nodeId)) {
      if (!mayForward) {
        throw new HttpException(409, "not_holder", "hold " + id + " is held by " + holder);
      }
      return forwarder.forward(holder, "/api/_peer/holds/" + id + "/confirm", in);
    }
    return done(Response.json(201, render(ledger.confirm(h, contact))));
  }

  // ---- bookings

  private Document booking(String id) throws InterruptedException {
    Ids.parseHold(id);
    return Docs.await(dbs.bookings(), id, REPLICATION_WAIT_MILLIS)
        .orElseThrow(() -> HttpException.notFound("no booking " + id));
  }

  private Object listBookings(Request req) {
    Optional<String> event = req.queryParam("event");
    Optional<String> customer = req.queryParam("customer");
    Optional<String> status = req.queryParam("status");
    event.ifPresent(e -> Ids.check(Ids.EVENT, "event", e));
    ArrayNode out = JSON.arrayNode();
    for (Document d : Docs.list(dbs.bookings(), event.map(e -> e + ":").orElse(""), LIST_MAX)) {
      ObjectNode b = d.body();
      if (customer.isPresent() && !customer.get().equals(b.path("customer").asText())) {
        continue;
      }
      if (status.isPresent() && !status.get().equals(b.path("status").asText())) {
        continue;
      }
      out.add(render(d));
    }
    return out;
  }

  private Object updateContact(Request req) throws InterruptedException {
    String id = req.pathParam("id");
    ObjectNode in = object(req);
    allowOnly(in, "customer", "contact");
    String customer = Ids.check(Ids.CUSTOMER, "customer", text(in, "customer", true));
    if (!in.has("contact")) {
      throw HttpException.badRequest("contact is required");
    }
    ObjectNode contact = contact(in.get("contact"));
    Document b = booking(id);
    if (!b.body().path("customer").asText().equals(customer)) {
      throw new HttpException(403, "forbidden", "booking " + id + " is another customer's");
    }
    long now = wallMillis.getAsLong();
    return render(
        Docs.update(
            dbs.bookings(),
            id,
            body -> {
              body.set("contact", contact);
              body.put("contactUpdatedAt", now);
              body.put("contactUpdatedBy", nodeId);
              return body;
            }));
  }

  private Object cancel(Request req) throws InterruptedException {
    String id = req.pathParam("id");
    ObjectNode in = object(req);
    allowOnly(in, "customer");
    String customer = Ids.check(Ids.CUSTOMER, "customer", text(in, "customer", true));
    Document b = booking(id);
    if (!b.body().path("customer").asText().equals(customer)) {
      throw new HttpException(403, "forbidden", "booking " + id + " is another customer's");
    }
    String status = b.body().path("status").asText();
    if (!Booking.CONFIRMED.equals(status)) {
      throw new HttpException(
          409, "booking_" + status, "only a confirmed booking can be cancelled; it is " + status);
    }
    Document after =
        Docs.update(
            dbs.bookings(),
            id,
            body -> {
              if (!Booking.CONFIRMED.equals(body.path("status").asText())) {
                return null;
              }
              body.put("status", Booking.CANCELLED);
              body.put("cancelledAt", wallMillis.getAsLong());
              return body;
            });
    if (!Booking.CANCELLED.equals(after.body().path("status").asText())) {
      throw new HttpException(409, "conflict", "booking " + id + " changed meanwhile; try again");
    }
    return render(after);
  }

  // ---- helpers

  private static CompletionStage<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }

  private Document eventDoc(String id) throws InterruptedException {
    return Docs.await(dbs.events(), id, REPLICATION_WAIT_MILLIS)
        .orElseThrow(() -> HttpException.notFound("no event " + id));
  }

  private Document holdDoc(String id) throws InterruptedException {
    return Docs.await(dbs.holds(), id, REPLICATION_WAIT_MILLIS)
        .orElseThrow(
            () ->
                HttpException.notFound(
                    "no hold "
                        + id
                        + " here: it expired and was removed, or it was taken on another node"
                        + " a moment ago and has not replicated here yet"));
  }

  private static void checkCustomer(Document hold, String customer) {
    if (!hold.body().path("customer").asText().equals(customer)) {
      throw new HttpException(403, "forbidden", "hold " + hold.id() + " is another customer's");
    }
  }

  private static Object list(Database db, String prefix) {
    ArrayNode out = JSON.arrayNode();
    Docs.list(db, prefix, LIST_MAX).forEach(d -> out.add(render(d)));
    return out;
  }

  /** A document as the API shows it: its body with {@code id} and {@code rev}. */
  static ObjectNode render(Document d) {
    ObjectNode out = JSON.objectNode();
    out.put("id", d.id());
    out.put("rev", d.rev().toString());
    out.setAll(d.body());
    return out;
  }

  private static ObjectNode object(Request req) {
    JsonNode n = req.bodyJsonTree();
    if (!n.isObject()) {
      throw HttpException.badRequest("the body must be a JSON object");
    }
    return (ObjectNode) n;
  }

  private static void allowOnly(ObjectNode in, String... fields) {
    List<String> allowed = List.of(fields);
    for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw HttpException.badRequest("unknown field " + f + "; allowed: " + allowed);
      }
    }
  }

  private static String text(ObjectNode in, String field, boolean required) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpException.badRequest(field + " is required");
      }
      return null;
    }
    if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > TEXT_CHARS_MAX) {
      throw HttpException.badRequest(
          field + " must be text of 1.." + TEXT_CHARS_MAX + " characters");
    }
    return n.asText();
  }

  /** Contact details: name, email and phone, each optional text. */
  private static ObjectNode contact(JsonNode n) {
    ObjectNode out = JSON.objectNode();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw HttpException.badRequest("contact must be an object with name, email, phone");
    }
    ObjectNode c = (ObjectNode) n;
    allowOnly(c, "name", "email", "phone");
    for (String f : List.of("name", "email", "phone")) {
      String v = text(c, f, false);
      if (v != null) {
        out.put(f, v);
      }
    }
    return out;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
