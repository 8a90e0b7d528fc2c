package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.internal.RemoteEndpoint;
import dev.symmetric.replication.spi.Endpoint;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpReplicationTest {
  static final List<String> AWKWARD_IDS =
      List.of(
          "a/b",
          "a/b/c",
          "with space",
          "plus+sign",
          "percent%25",
          "question?mark",
          "hash#tag",
          "ampersand&equals=",
          "unicodé ☃ 日本",
          "_design/awkward",
          "_design/with/slash");

  private SymmetricNode node;
  private DocumentStore local;
  private PeerClient http;

  @BeforeEach
  void open() {
    node = SymmetricNode.builder().port(0).storage(StorageEngines.inMemory()).build().start();
    local = TestDbs.store();
    http = PeerClient.builder().requestTimeoutMillis(20_000).build();
  }

  @AfterEach
  void close() {
    http.close();
    node.close();
    local.close();
  }

  private Database remoteDb(String name) {
    return node.store().findDatabase(name).orElseGet(() -> node.store().createDatabase(name));
  }

  private static void awkwardDocs(Database db) {
    for (String id : AWKWARD_IDS) {
      db.put(TestDbs.doc(id).put("id", id));
    }
  }

  private static ReplicationStatus run(Endpoint source, Endpoint target) throws Exception {
    return run(Replication.builder(source, target).createTarget(true));
  }

  private static ReplicationStatus run(Replication.Builder b) throws Exception {
    try (Replication r = b.build().start()) {
      ReplicationStatus s = r.completion().get(60, TimeUnit.SECONDS);
      assertThat(s.state()).as("%s", s).isEqualTo(ReplicationState.COMPLETED);
      return s;
    }
  }

  @Test
  void pushesToANodeAndCreatesTheTarget() throws Exception {
    Database src = local.createDatabase("src");
    TestDbs.richHistory(src);
    awkwardDocs(src);
    Endpoint target = Endpoints.remote(node.databaseUri("pushed"), http);

    ReplicationStatus s = run(Endpoints.local(src, local.uuid()), target);

    Database pushed = node.store().database("pushed");
    assertThat(Digests.describe(pushed)).isEqualTo(Digests.describe(src));
    assertThat(Digests.knownRevisions(pushed)).containsAll(Digests.knownRevisions(src));
    assertThat(pushed.getLocal("_local/" + s.replicationId()).path("session_id"))
        .isEqualTo(src.getLocal("_local/" + s.replicationId()).path("session_id"));
  }

  @Test
  void pullsFromANodeWithBulkGetAndWithTheOpenRevsFallback() throws Exception {
    Database remote = remoteDb("remote");
    TestDbs.richHistory(remote);
    awkwardDocs(remote);

    Database viaBulkGet = local.createDatabase("via-bulk-get");
    run(
        Endpoints.remote(node.databaseUri("remote"), http),
        Endpoints.local(viaBulkGet, local.uuid()));
    assertThat(Digests.describe(viaBulkGet)).isEqualTo(Digests.describe(remote));

    Database viaOpenRevs = local.createDatabase("via-open-revs");
    RemoteEndpoint source = (RemoteEndpoint) Endpoints.remote(node.databaseUri("remote"), http);
    source.forceOpenRevsFallback();
    run(source, Endpoints.local(viaOpenRevs, local.uuid()));
    assertThat(Digests.describe(viaOpenRevs)).isEqualTo(Digests.describe(remote));
    assertThat(Digests.knownRevisions(viaOpenRevs)).containsAll(Digests.knownRevisions(remote));
  }

  @Test
  void fallsBackToOpenRevsWhenAPeerLacksBulkGet() throws Exception {
    Database remote = remoteDb("old");
    TestDbs.richHistory(remote);
    AtomicInteger bulkGets = new AtomicInteger();
    HttpServer proxy = proxyWithoutBulkGet(node.baseUri(), bulkGets);
    try {
      URI url = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + "/db/old");
      RemoteEndpoint source = (RemoteEndpoint) Endpoints.remote(url, http);
      Database copy = local.createDatabase("copy");

      run(source, Endpoints.local(copy, local.uuid()));

      assertThat(source.usesOpenRevsFallback()).isTrue();
      assertThat(bulkGets.get()).isEqualTo(1);
      assertThat(Digests.describe(copy)).isEqualTo(Digests.describe(remote));
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void remoteEndpointSpeaksTheProtocolCalls() throws Exception {
    Endpoint remote = Endpoints.remote(node.databaseUri("calls"), http);
    remote.createDatabase().get(10, TimeUnit.SECONDS);
    remote.createDatabase().get(10, TimeUnit.SECONDS); // exists: still fine
    assertThat(remote.info().get().serverUuid()).isEqualTo(node.store().uuid());
    assertThat(remote.getLocal("cp/with=odd chars").get()).isEqualTo(Optional.empty());
    remote.putLocal("cp/with=odd chars", TestDbs.MAPPER.createObjectNode().put("x", 1)).get();
    assertThat(remote.getLocal("cp/with=odd chars").get().orElseThrow().path("x").asInt())
        .isEqualTo(1);
    assertThat(
            node.store().database("calls").getLocal("_local/cp/with=odd chars").path("x").asInt())
        .isEqualTo(1);
  }

  @Test
  void credentialsInTheUrlStayOutOfTheId() {
    Endpoint e = Endpoints.remote(URI.create("http://admin:s3cret@127.0.0.1:5984/orders/"), http);
    assertThat(e.id()).isEqualTo("http://127.0.0.1:5984/orders");
  }

  @Test
  void pushesTenThousandSmallDocuments() throws Exception {
    Database src = local.createDatabase("bulk");
    int n = 10_000;
    List<com.fasterxml.jackson.databind.node.ObjectNode> docs = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(TestDbs.doc(String.format("doc-%05d", i)).put("n", i).put("name", "small " + i));
      if (docs.size() == 1000) {
        src.bulkDocs(docs, true);
        docs.clear();
      }
    }
    long start = System.nanoTime();
    ReplicationStatus s =
        run(Endpoints.local(src, local.uuid()), Endpoints.remote(node.databaseUri("bulk"), http));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "one-shot local->remote: %d docs in %.2f s = %.0f docs/s%n", n, seconds, n / seconds);
    assertThat(s.docsWritten()).isEqualTo(n);
    assertThat(node.store().database("bulk").info().docCount()).isEqualTo(n);
  }

  /** A server in front of the node that answers 404 to _bulk_get and forwards everything else. */
  private static HttpServer proxyWithoutBulkGet(URI upstream, AtomicInteger bulkGets)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.endsWith("/_bulk_get")) {
              bulkGets.incrementAndGet();
              byte[] body = "{\"error\":\"not_found\",\"reason\":\"missing\"}".getBytes();
              exchange.sendResponseHeaders(404, body.length);
              exchange.getResponseBody().write(body);
              return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            URI to =
                URI.create(
                    "http://127.0.0.1:"
                        + upstream.getPort()
                        + rawPath
                        + (query == null ? "" : "?" + query));
            byte[] in;
            try (InputStream is = exchange.getRequestBody()) {
              in = is.readAllBytes();
            }
            HttpRequest.Builder req =
                HttpRequest.newBuilder(to)
                    .method(
                        exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in));
            String ct = exchange.getRequestHeaders().getFirst("Content-Type");
            if (ct != null) {
              req.header("Content-Type", ct);
            }
            HttpResponse<byte[]> res =
                client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(
                res.statusCode(), res.body().length == 0 ? -1 : res.body().length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(res.body());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    return server;
  }
}
