package dev.symmetric.examples.tickets;

import static dev.symmetric.examples.tickets.Api.await;
import static dev.symmetric.examples.tickets.Api.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.testing.ChildJvm;
import dev.symmetric.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tickets service as three JVMs. Customers compete for the same seats through all three nodes
 * at once (hold at one node, confirm at another); one node is SIGKILLed mid-run and the customers
 * go on with the survivors. After convergence: no seat is sold twice in any node's data, the dead
 * node's included, and every booking a customer was told is confirmed is confirmed on every
 * survivor.
 */
class TicketsClusterProcessTest {
  private static final String SECRET = "tickets-process-test-secret";
  private static final Duration JOIN = Duration.ofSeconds(60);
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int CUSTOMERS = 12;
  private static final int SEATS_PER_PHASE = 40;
  private static final long PHASE_MILLIS = 5_000;

  @TempDir Path dir;
  private final List<ChildJvm> jvms = new ArrayList<>();

  /** A booking a customer was answered 2xx for. */
  record Sold(String booking, String seat, String customer) {}

  @AfterEach
  void stop() {
    jvms.forEach(ChildJvm::stop);
  }

  @Test
  void seatsAreSoldAtMostOnceThroughAKillAndConfirmedSalesSurvive() throws Exception {
    List<Integer> ports = FreePorts.pick(3);
    String[] ids = {"a", "b", "c"};
    List<Api> apis = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--node-id",
                  ids[i],
                  "--http",
                  "127.0.0.1:" + ports.get(i),
                  "--data",
                  dir.resolve(ids[i]).toString(),
                  "--secret",
                  SECRET));
      if (i > 0) {
        args.addAll(List.of("--peers", "http://127.0.0.1:" + ports.get(0)));
      }
      ChildJvm jvm =
          new ChildJvm(
              "tickets-" + ids[i], dir.resolve(ids[i] + ".log"), TicketsProcessMain.class, args);
      jvms.add(jvm);
      jvm.start();
      jvm.awaitReady(JOIN);
      apis.add(new Api("http://127.0.0.1:" + ports.get(i), SECRET));
      // One member at a time, each once every member lists it (docs/jobs.md, "Membership").
      int count = i + 1;
      awaitAll(
          "every member lists " + count + " members",
          () -> apis.stream().allMatch(a -> alive(a) == count));
    }

    int seats = 2 * SEATS_PER_PHASE;
    assertThat(
            apis.get(0)
                .post(
                    "/api/events", "{\"id\":\"gig\",\"name\":\"Gig\",\"seatCount\":" + seats + "}")
                .status())
        .isEqualTo(201);
    for (int c = 0; c < CUSTOMERS; c++) {
      Api.Reply r =
          apis.get(c % 3)
              .post(
                  "/api/customers",
                  "{\"id\":\"cust"
                      + c
                      + "\",\"name\":\"C"
                      + c
                      + "\",\"email\":\"c"
                      + c
                      + "@x.org\"}");
      assertThat(r.status()).as("%s", r).isEqualTo(201);
    }
    awaitAll(
        "every node has the event and the customers",
        () ->
            apis.stream()
                .allMatch(
                    quietlyAll(
                        a ->
                            a.get("/api/events/gig").status() == 200
                                && a.get("/api/customers").body().size() == CUSTOMERS)));

    Map<String, Sold> confirmed = new ConcurrentHashMap<>();
    AtomicInteger confirmedAfterKill = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    outcomesSeen = outcomes;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CUSTOMERS);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      int customer = c;
      workers.add(
          pool.submit(
              () -> {
                Random random = new Random(customer);
                String cust = "cust" + customer;
                while (!stop.get()) {
                  boolean after = killed.get();
                  int phase = after ? 1 : 0;
                  String seat =
                      Integer.toString(
                          phase * SEATS_PER_PHASE + 1 + random.nextInt(SEATS_PER_PHASE));
                  // After the kill only the survivors are asked.
                  int nodes = after ? 2 : 3;
                  Api holdAt = apis.get(random.nextInt(nodes));
                  Api confirmAt = apis.get(random.nextInt(nodes));
                  try {
                    Api.Reply h =
                        holdAt.post(
                            "/api/events/gig/holds",
                            "{\"customer\":\""
                                + cust
                                + "\",\"seat\":\""
                                + seat
                                + "\",\"seconds\":5}");
                    outcomes
                        .computeIfAbsent(
                            (after ? "after " : "before ") + "hold " + h.status() + " " + h.error(),
                            k -> new AtomicInteger())
                        .incrementAndGet();
                    if (h.status() != 201) {
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                      continue;
                    }
                    String hold = h.body().path("id").asText();
                    Api.Reply b =
                        confirmAt.post(
                            "/api/holds/" + hold + "/confirm",
                            "{\"customer\":\""
                                + cust
                                + "\",\"contact\":{\"name\":\""
                                + cust
                                + "\"}}");
                    outcomes
                        .computeIfAbsent(
                            (after ? "after " : "before ")
                                + "confirm "
                                + b.status()
                                + " "
                                + b.error(),
                            k -> new AtomicInteger())
                        .incrementAndGet();
                    if (b.status() / 100 == 2) {
                      assertThat(b.body().path("status").asText()).isEqualTo("confirmed");
                      confirmed.put(hold, new Sold(hold, seat, cust));
                      if (after) {
                        confirmedAfterKill.incrementAndGet();
                      }
                    }
                  } catch (IOException e) {
                    // The killed node, or a reply it never finished: the outcome is unknown to
                    // this customer, so it counts for nothing here.
                  }
                }
                return null;
              }));
    }
    awaitAll("sales before the kill", () -> confirmed.size() >= 3 && elapsed(start) > PHASE_MILLIS);
    int beforeKill = confirmed.size();
    jvms.get(2).kill();
    killed.set(true);
    awaitAll(
        "sales on the survivors after the kill",
        () -> confirmedAfterKill.get() >= 3 && elapsed(start) > 2 * PHASE_MILLIS);
    stop.set(true);
    for (Future<?> w : workers) {
      w.get(60, TimeUnit.SECONDS); // rethrows a worker's failed assertion
    }
    pool.shutdown();

    List<Api> survivors = apis.subList(0, 2);
    await(
        "the survivors agree on every booking and none is left pending",
        CONVERGE,
        quietly(
            () -> {
              Map<String, String> first = statuses(survivors.get(0));
              return first.equals(statuses(survivors.get(1)))
                  && !first.containsValue(Booking.PENDING);
            }));

    List<Map<String, JsonNode>> data = new ArrayList<>();
    for (Api s : survivors) {
      data.add(bookings(s));
    }
    data.add(deadNodeBookings(dir.resolve("c")));
    for (Map<String, JsonNode> node : data) {
      Map<String, List<String>> soldBySeat = new TreeMap<>();
      node.forEach(
          (id, b) -> {
            if (b.path("status").asText().equals(Booking.CONFIRMED)) {
              soldBySeat.computeIfAbsent(b.path("seat").asText(), k -> new ArrayList<>()).add(id);
            }
          });
      soldBySeat.forEach(
          (seat, bookings) ->
              assertThat(bookings).as("confirmed bookings of seat %s", seat).hasSize(1));
    }
    Map<String, String> soldTo = new HashMap<>();
    for (Map<String, JsonNode> node : data) {
      node.forEach(
          (id, b) -> {
            if (b.path("status").asText().equals(Booking.CONFIRMED)) {
              String other = soldTo.putIfAbsent(b.path("seat").asText(), id);
              assertThat(other == null || other.equals(id))
                  .as("seat %s sold as %s and as %s", b.path("seat").asText(), other, id)
                  .isTrue();
            }
          });
    }
    for (Sold s : confirmed.values()) {
      for (int i = 0; i < 2; i++) {
        JsonNode b = data.get(i).get(s.booking());
        assertThat(b).as("booking %s on survivor %s", s.booking(), ids[i]).isNotNull();
        assertThat(b.path("status").asText())
            .as("status of %s on %s", s, ids[i])
            .isEqualTo("confirmed");
        assertThat(b.path("customer").asText()).isEqualTo(s.customer());
        assertThat(b.path("seat").asText()).isEqualTo(s.seat());
      }
    }
    System.out.printf(
        "tickets cluster: %d sales confirmed to customers (%d before the kill, %d after),"
            + " %d seats sold in the data; outcomes %s%n",
        confirmed.size(),
        beforeKill,
        confirmedAfterKill.get(),
        soldTo.size(),
        new TreeMap<>(outcomes));
    assertThat(beforeKill).isPositive();
    assertThat(confirmedAfterKill.get()).isPositive();
    assertThat(Set.copyOf(soldTo.values())).containsAll(confirmed.keySet());
  }

  private static long elapsed(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private Map<String, AtomicInteger> outcomesSeen = Map.of();

  private void awaitAll(String what, java.util.function.BooleanSupplier condition) {
    try {
      await(what, JOIN, condition);
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      logs.append("\noutcomes: ").append(new TreeMap<>(outcomesSeen));
      jvms.forEach(j -> logs.append('\n').append(j.logTail()));
      throw new AssertionError(logs.toString(), e);
    }
  }

  interface IoPredicate {
    boolean test(Api api) throws IOException;
  }

  private static java.util.function.Predicate<Api> quietlyAll(IoPredicate p) {
    return a -> {
      try {
        return p.test(a);
      } catch (IOException e) {
        return false;
      }
    };
  }

  private static int alive(Api api) {
    try {
      int n = 0;
      for (JsonNode m : api.get("/_cluster").body().path("members")) {
        n += m.path("state").asText().equals("alive") ? 1 : 0;
      }
      return n;
    } catch (IOException e) {
      return -1;
    }
  }

  private static Map<String, String> statuses(Api api) throws IOException {
    Map<String, String> out = new TreeMap<>();
    bookings(api).forEach((id, b) -> out.put(id, b.path("status").asText()));
    return out;
  }

  private static Map<String, JsonNode> bookings(Api api) throws IOException {
    Api.Reply r = api.get("/api/bookings?event=gig");
    if (r.status() != 200) {
      throw new IOException("bookings answered " + r);
    }
    Map<String, JsonNode> out = new TreeMap<>();
    r.body().forEach(b -> out.put(b.path("id").asText(), b));
    return out;
  }

  /** The killed node's bookings, read from its RocksDB files. */
  private static Map<String, JsonNode> deadNodeBookings(Path data) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    try (DocumentStore store = DocumentStore.builder().dataDir(data).build()) {
      var db = store.database(TicketsDatabases.BOOKINGS);
      for (AllDocsRow row : db.allDocs(AllDocsRequest.all().withIncludeDocs(true)).rows()) {
        if (row.doc() != null && !row.deleted()) {
          out.put(row.id(), Api.JSON.readTree(row.doc().bodyBytes()));
        }
      }
    }
    return out;
  }
}
