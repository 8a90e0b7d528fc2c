package dev.symmetric.examples.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            new String[] {"--admin", "root"},
            new String[] {"--bogus", "1"},
            new String[] {"--node-id"})) {
      assertThatThrownBy(() -> NodeFlags.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void clusterModeStartsNodesWithTheirOwnDataAndTheyServeTheDatabaseApi(@TempDir Path dir)
      throws Exception {
    NodeFlags flags =
        NodeFlags.parse(
            new String[] {"--http", "127.0.0.1:0", "--cluster", "2", "--data", dir.toString()});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SymmetricNode> nodes =
        NodeMain.start(flags, new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(nodes).hasSize(2);
      HttpClient client = HttpClient.newHttpClient();
      for (SymmetricNode n : nodes) {
        HttpResponse<String> up =
            client.send(
                HttpRequest.newBuilder(URI.create(n.baseUri() + "/_up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(200);
        HttpResponse<String> create =
            client.send(
                HttpRequest.newBuilder(n.databaseUri("orders"))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).isEqualTo(201);
      }
      assertThat(dir.resolve("node-1")).isDirectory();
      assertThat(dir.resolve("node-2")).isDirectory();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("node node-1 serving http://127.0.0.1:");
    } finally {
      nodes.forEach(SymmetricNode::close);
    }
  }
}
