package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the exchanges http-api.md quotes against a real node and checks that the answers are the
 * ones the page shows, word for word (revision ids are content hashes, so they are stable).
 */
class HttpApiExamplesTest {
  private static final String SECRET = "docs-cluster-secret-0123";
  private static final String[] PEER = {"X-Symmetric-Secret", SECRET};

  @TempDir Path dir;
  private SymmetricNode node;
  private String page;

  @BeforeEach
  void start() throws IOException {
    page = Files.readString(Samples.docsDir().resolve("http-api.md"), StandardCharsets.UTF_8);
    node =
        SymmetricNode.builder()
            .nodeId("a")
            .port(0)
            .dataDir(dir)
            .admin("ops", "pw")
            .clusterSecret(SECRET)
            .component(Cluster.builder().build())
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void authenticationAnswersAsDocumented() {
    expect(
        send("PUT", "/db/orders", null),
        401,
        "{\"error\":\"unauthorized\",\"reason\":\"authentication required\"}");
    expect(
        send("GET", "/db/orders", null, "Authorization", Http.basic("ops", "wrong")),
        401,
        "{\"error\":\"unauthorized\",\"reason\":\"name or password is incorrect\"}");
    expect(
        send("POST", "/_node/drain", null, PEER),
        403,
        "{\"error\":\"forbidden\",\"reason\":\"you are not a server admin\"}");
  }

  @Test
  void documentsAnswerAsDocumented() {
    String admin = Http.basic("ops", "pw");
    expect(send("PUT", "/db/orders", null, "Authorization", admin), 201, "{\"ok\":true}");
    expect(
        send("PUT", "/db/orders/o1", "{\"item\":\"book\"}", PEER),
        201,
        "{\"ok\":true,\"id\":\"o1\",\"rev\":\"1-3d474c68edd4bf6af52498f782b9a387\"}");
    Http.Reply get = send("GET", "/db/orders/o1", null, "X-Request-Id", "order-42");
    expect(
        get,
        200,
        "{\"_id\":\"o1\",\"_rev\":\"1-3d474c68edd4bf6af52498f782b9a387\",\"item\":\"book\"}");
    assertThat(get.raw().headers().firstValue("X-Request-Id")).contains("order-42");
    assertThat(get.raw().headers().firstValue("ETag"))
        .contains(documented("\"1-3d474c68edd4bf6af52498f782b9a387\""));
    expect(
        send(
            "PUT",
            "/db/orders/o1",
            "{\"item\":\"book\",\"qty\":2}",
            "X-Symmetric-Secret",
            SECRET,
            "If-Match",
            "\"1-3d474c68edd4bf6af52498f782b9a387\""),
        201,
        "{\"ok\":true,\"id\":\"o1\",\"rev\":\"2-f7dadde34acb6f56c0b022fcf29d08b0\"}");
    expect(
        send("PUT", "/db/orders/o1", "{\"item\":\"pen\"}", PEER),
        409,
        "{\"error\":\"conflict\",\"reason\":\"Document update conflict.\"}");
    expect(
        send("POST", "/db/orders/_revs_diff", "{\"o1\":[\"1-aaaa\",\"1-bbbb\"]}"),
        200,
        "{\"o1\":{\"missing\":[\"1-aaaa\",\"1-bbbb\"]}}");
  }

  @Test
  void errorsAnswerAsDocumented() {
    send("PUT", "/db/orders", null, PEER);
    expect(
        sendRaw("PUT", "/db/orders/o9", "{bad", null, PEER),
        400,
        "{\"error\":\"bad_request\",\"reason\":\"invalid UTF-8 JSON\"}");
    expect(
        sendRaw("POST", "/db/orders", "{\"a\":1}", null, PEER),
        415,
        "{\"error\":\"bad_content_type\",\"reason\":\"Content-Type must be application/json\"}");
    expect(
        send("GET", "/db/Bad", null),
        404,
        "{\"error\":\"not_found\",\"reason\":\"Database does not exist.\"}");
    expect(
        send("PATCH", "/_up", null),
        405,
        "{\"error\":\"method_not_allowed\",\"reason\":\"only GET,HEAD allowed\"}");
    expect(
        send("DELETE", "/_cluster/members/a", null, "Authorization", Http.basic("ops", "pw")),
        400,
        "{\"error\":\"bad_request\",\"reason\":\"a node cannot remove itself; remove it from another\"}");
    expect(
        send("GET", "/_up", null),
        200,
        "{\"status\":\"ok\",\"checks\":{\"cluster\":\"ok\",\"components\":\"ok\"}}");
  }

  private void expect(Http.Reply reply, int status, String body) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.body().strip()).isEqualTo(documented(body));
  }

  /** {@code text}, after checking that the page quotes it. */
  private String documented(String text) {
    assertThat(page).as("http-api.md quotes this answer").contains(text);
    return text;
  }

  private Http.Reply send(String method, String path, String body, String... headers) {
    return Http.send(method, URI.create(node.baseUri() + path), body, headers);
  }

  /** Sends {@code body} with the given content type (none when null), as curl -d does. */
  private Http.Reply sendRaw(
      String method, String path, String body, String contentType, String... headers) {
    return Http.sendRaw(method, URI.create(node.baseUri() + path), body, contentType, headers);
  }
}
