package dev.symmetric.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.http.SymmetricNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMainTest {

  @Test
  void parsesEveryFlag() {
    NodeFlags f =
        NodeFlags.parse(
            new String[] {
              "--node-id",
              "a",
              "--http",
              "0.0.0.0:9000",
              "--data",
              "/tmp/x",
              "--peers",
              "http://127.0.0.1:9001,http://127.0.0.1:9002",
              "--secret",
              "0123456789abcdef",
              "--admin",
              "root:pw",
              "--cluster",
              "3"
            });
    assertThat(f.nodeId()).contains("a");
    assertThat(f.host()).isEqualTo("0.0.0.0");
    assertThat(f.port()).isEqualTo(9000);
    assertThat(f.dataDir()).contains(Path.of("/tmp/x"));
    assertThat(f.peers()).hasSize(2);
    assertThat(f.adminUser()).contains("root");
    assertThat(f.cluster()).isEqualTo(3);
    NodeFlags d = NodeFlags.parse(new String[0]);
    assertThat(d.port()).isEqualTo(8080);
    assertThat(d.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void refusesBadFlagsWithAReason() {
    for (String[] bad :
        List.of(
            new String[] {"--http", "nope"},
            new String[] {"--cluster", "0"},
            new String[] {"--peers", "ftp://x"},
            new String[] {"--secret", "short"},
            new String[] {"--peers", "http://127.0.0.1:9001"},
            new String[] {"--admin", "root"},
            new String[] {"--bogus", "1"},
            new String[] {"--node-id"})) {
      assertThatThrownBy(() -> NodeFlags.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void clusterModeStartsNodesWithTheirOwnDataThatFormOneCluster(@TempDir Path dir)
      throws Exception {
    NodeFlags flags =
        NodeFlags.parse(
            new String[] {
              "--http",
              "127.0.0.1:0",
              "--cluster",
              "2",
              "--data",
              dir.toString(),
              "--secret",
              SECRET
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SymmetricNode> nodes =
        NodeMain.start(flags, new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(nodes).hasSize(2);
      SymmetricNode first = nodes.get(0);
      SymmetricNode second = nodes.get(1);
      for (SymmetricNode n : nodes) {
        await(n.nodeId() + " ready", () -> send(n, "/_up", "GET").statusCode() == 200);
      }
      assertThat(send(first, "/db/orders", "PUT").statusCode()).isEqualTo(201);
      // Created on one node, the database appears on the other, and writes flow both ways.
      await("orders on node-2", () -> send(second, "/db/orders", "GET").statusCode() == 200);
      second.store().database("orders").put(doc("from-2"));
      await("from-2 on node-1", () -> send(first, "/db/orders/from-2", "GET").statusCode() == 200);
      assertThat(send(first, "/_cluster", "GET").body()).contains("\"node-2\"");
      assertThat(dir.resolve("node-1")).isDirectory();
      assertThat(dir.resolve("node-2")).isDirectory();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("node node-1 serving http://127.0.0.1:")
          .contains("cluster: members at /_cluster");
    } finally {
      nodes.forEach(SymmetricNode::close);
    }
  }

  private static final String SECRET = "demo-cluster-secret-0123";

  private static ObjectNode doc(String id) {
    return new ObjectMapper().createObjectNode().put("_id", id);
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static HttpResponse<String> send(SymmetricNode node, String path, String method)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(node.baseUri() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("X-Symmetric-Secret", SECRET)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 20 ms for up to 20 s. */
  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
