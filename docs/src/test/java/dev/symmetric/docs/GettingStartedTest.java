package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.WriteResult;
import dev.symmetric.http.SymmetricNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GettingStartedTest {
  static final String SECRET = "docs-cluster-secret-0123";

  @TempDir Path dir;
  private final List<SymmetricNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(SymmetricNode::close);
  }

  @Test
  void aFirstNodeStoresAndServesADocument() {
    SymmetricNode node = GettingStartedSamples.firstNode(dir, 0);
    nodes.add(node);
    WriteResult written = GettingStartedSamples.firstWrite(node);

    Http.Reply reply = Http.send("GET", node.databaseUri("orders/o1"), null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("_rev").asText()).isEqualTo(written.rev().toString());
    assertThat(reply.json().get("item").asText()).isEqualTo("book");
    assertThat(Http.send("GET", node.baseUri().resolve("/_up"), null).status()).isEqualTo(200);
  }

  @Test
  void aDocumentWrittenOnOneNodeIsReadOnAnother() {
    nodes.addAll(GettingStartedSamples.threeNodes(dir, 0, SECRET));
    SymmetricNode a = nodes.get(0);
    SymmetricNode c = nodes.get(2);

    WriteResult written = GettingStartedSamples.writeOnA(a);
    Await.until(
        "o2 on node c", Duration.ofSeconds(60), () -> GettingStartedSamples.readOnC(c).isPresent());
    assertThat(GettingStartedSamples.readOnC(c).orElseThrow().rev().toString())
        .isEqualTo(written.rev().toString());
    // And over HTTP, from the third node, as the page shows with curl.
    Http.Reply reply = Http.send("GET", c.databaseUri("orders/o2"), null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().headers().firstValue("X-Symmetric-Node")).contains("c");
    assertThat(reply.json().get("item").asText()).isEqualTo("pen");
    Await.until(
        "three live members on c",
        Duration.ofSeconds(60),
        () ->
            Http.send("GET", c.baseUri().resolve("/_cluster"), null)
                    .body()
                    .split("\"alive\"")
                    .length
                == 4);
  }

  @Test
  void aRouteServesTheApplicationsJson() {
    SymmetricNode node = GettingStartedSamples.nodeWithRoutes(dir, 0);
    nodes.add(node);
    URI api = node.baseUri().resolve("/api/");

    assertThat(Http.send("GET", api.resolve("hello"), null).json().get("hello").asText())
        .isEqualTo("world");
    Http.Reply put = Http.send("PUT", api.resolve("orders/o7"), "{\"item\":\"lamp\"}");
    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().get("rev").asText()).startsWith("1-");
    Http.Reply got = Http.send("GET", api.resolve("orders/o7"), null);
    assertThat(got.json().get("item").asText()).isEqualTo("lamp");
    assertThat(got.json().get("_rev").asText()).isEqualTo(put.json().get("rev").asText());
    assertThat(Http.send("GET", api.resolve("orders/none"), null).status()).isEqualTo(404);
  }

  @Test
  void aRecurringJobRunsOncePerSlotAcrossTheCluster() {
    List<String> ran = new CopyOnWriteArrayList<>();
    SymmetricNode first = GettingStartedSamples.nodeWithJob(dir, "a", 0, SECRET, List.of(), ran);
    nodes.add(first);
    nodes.add(
        GettingStartedSamples.nodeWithJob(dir, "b", 0, SECRET, List.of(first.baseUri()), ran));
    Await.until("three runs of report", Duration.ofSeconds(60), () -> ran.size() >= 3);
    List<String> slots = ran.stream().map(r -> r.substring(0, r.indexOf(" token"))).toList();
    assertThat(slots).doesNotHaveDuplicates();
  }
}
