package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymmetricNodeTest {
  private static final ObjectMapper M = new ObjectMapper();

  /** Records the order the node drives a component in. */
  static final class Recorder implements NodeComponent {
    final List<String> events = new ArrayList<>();

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public void configure(NodeSetup setup) {
      events.add("configure " + setup.nodeId());
      setup.service("/rec", r -> r.get("/events", req -> events));
      setup.nodeInfo("recorded", events::size);
    }

    @Override
    public void start(NodeContext context) {
      events.add("start " + context.store().databaseNames().size());
    }

    @Override
    public void close() {
      events.add("close");
    }
  }

  @Test
  void composesStoreDatabaseApiAppRoutesAndComponents(@TempDir Path dir) throws Exception {
    Recorder rec = new Recorder();
    try (SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("box-1")
            .port(0)
            .dataDir(dir)
            .service(
                "/api", r -> r.get("/hello/{name}", req -> Map.of("hello", req.pathParam("name"))))
            .component(rec)
            .build()
            .start()) {
      Http http = new Http(node.server());
      assertThat(http.get("/_up").statusCode()).isEqualTo(200);
      assertThat(M.readTree(http.get("/api/hello/ann").body()).get("hello").asText())
          .isEqualTo("ann");
      assertThat(
              http.send(http.request("/db/orders").PUT(HttpRequest.BodyPublishers.noBody()).build())
                  .statusCode())
          .isEqualTo(201);
      assertThat(node.store().databaseNames()).containsExactly("orders");
      JsonNode info = M.readTree(http.get("/_node").body());
      assertThat(info.toString()).contains("box-1").contains("orders");
      assertThat(http.get("/rec/events").body()).contains("configure box-1").contains("start 0");
      assertThat(node.databaseUri("orders").toString())
          .isEqualTo("http://127.0.0.1:" + node.port() + "/db/orders");
      assertThat(http.get("/db/orders").headers().firstValue("X-Symmetric-Node")).contains("box-1");
    }
    assertThat(rec.events).last().isEqualTo("close");
  }

  @Test
  void drainStopsTheWholeNode() throws Exception {
    SymmetricNode node =
        SymmetricNode.builder().port(0).storage(StorageEngines.inMemory()).build().start();
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(
            () -> {
              try {
                node.awaitStop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    node.drain();
    stopped.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> node.store().databaseNames())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRefusesBadSettingsAtOnce() {
    assertThatThrownBy(() -> SymmetricNode.builder().nodeId("bad id"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SymmetricNode.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SymmetricNode.builder().clusterSecret("short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SymmetricNode.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> SymmetricNode.builder().dataDir(Path.of("x")).storage(StorageEngines.inMemory()))
        .isInstanceOf(IllegalStateException.class);
  }
}
