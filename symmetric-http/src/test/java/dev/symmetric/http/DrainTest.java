package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a balancer and a replicating peer see while a node drains. */
class DrainTest {
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  @Timeout(60)
  void duringTheGraceTheNodeSaysDrainingButStillServesAndAsksClientsToReconnect() throws Exception {
    HttpServer server =
        HttpServer.builder()
            .port(0)
            .drainGraceMillis(600_000)
            .routes(r -> r.get("/hello", req -> Map.of("hello", "world")))
            .build()
            .start();
    Http http = new Http(server);
    try (RawClient before = new RawClient(server.port())) {
      RawResponse kept = before.send(RawClient.get("/hello")).read();
      assertThat(kept.header("connection")).isNull();

      Thread drain = new Thread(server::drain, "test-drain");
      drain.start();
      while (server.readiness().status() != ReadinessStatus.DRAINING) {
        Thread.sleep(10);
      }
      assertThat(http.get("/_up").statusCode()).isEqualTo(503);

      // An open keep-alive connection is answered, then closed by the server.
      RawResponse last = before.send(RawClient.get("/hello")).read();
      assertThat(last.status()).isEqualTo(200);
      assertThat(last.header("connection")).isEqualToIgnoringCase("close");
      assertThat(before.closedByServer()).isTrue();

      // A new connection is still accepted and served, also with Connection: close.
      try (RawClient fresh = new RawClient(server.port())) {
        RawResponse r = fresh.send(RawClient.get("/hello")).read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("world");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
      }
      assertThat(OperationsTest.isListening(server.port())).isTrue();
      assertThat(drain.isAlive()).isTrue();

      // close() cuts the grace short.
      server.close();
      drain.join();
      assertThat(OperationsTest.isListening(server.port())).isFalse();
    }
  }

  @Test
  @Timeout(60)
  void drainEndsWaitingChangesFeedsTheWayTheirTimeoutWould() throws Exception {
    try (DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
        DatabaseApi api = DatabaseApi.builder(store).build()) {
      store.createDatabase("orders");
      HttpServer server =
          HttpServer.builder()
              .port(0)
              // Were the drain to wait for the feeds, it would wait for the test's timeout.
              .drainTimeoutMillis(600_000)
              .service("/db", api)
              .build()
              .start();
      try (RawClient longpoll = new RawClient(server.port(), 30_000);
          RawClient continuous = new RawClient(server.port(), 30_000)) {
        // Heartbeats make each feed send its head at once, so both are known to wait.
        longpoll.send(RawClient.get("/db/orders/_changes?feed=longpoll&since=now&heartbeat=60000"));
        continuous.send(
            RawClient.get("/db/orders/_changes?feed=continuous&since=now&heartbeat=60000"));
        assertThat(longpoll.readHead().status()).isEqualTo(200);
        assertThat(continuous.readHead().status()).isEqualTo(200);

        server.drain();

        JsonNode body = M.readTree(longpoll.readChunkedBody());
        assertThat(body.get("results")).isEmpty();
        assertThat(body.get("last_seq").asText()).isNotEmpty();
        String[] lines = continuous.readChunkedBody().strip().split("\n");
        assertThat(lines[lines.length - 1]).contains("\"last_seq\"");
        assertThat(OperationsTest.isListening(server.port())).isFalse();
      }
    }
  }
}
