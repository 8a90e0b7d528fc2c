package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.StorageEngines;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With credentials configured, reads stay open and writes need a user or the cluster secret. */
class DatabaseApiSecurityTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String SECRET = "0123456789abcdef-secret";

  SymmetricNode node;
  Http http;

  @BeforeEach
  void start() {
    node =
        SymmetricNode.builder()
            .port(0)
            .storage(StorageEngines.inMemory())
            .admin("root", "pw")
            .clusterSecret(SECRET)
            .build()
            .start();
    http = new Http(node.server());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private HttpResponse<String> put(String target, String body, String header, String value)
      throws Exception {
    HttpRequest.Builder b =
        http.request(target)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      b.header(header, value);
    }
    return http.send(b.build());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anonymousWritesAre401AndChangeNothing() throws Exception {
    HttpResponse<String> r = put("/db/orders", "", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(M.readTree(r.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(node.store().databaseNames()).isEmpty();
    assertThat(put("/db/orders", "", "Authorization", basic("root", "wrong")).statusCode())
        .isEqualTo(401);
    assertThat(node.store().databaseNames()).isEmpty();
  }

  @Test
  void adminsAndPeersWriteAndAnyoneReads() throws Exception {
    assertThat(put("/db/orders", "", "Authorization", basic("root", "pw")).statusCode())
        .isEqualTo(201);
    assertThat(put("/db/orders/a", "{}", "X-Symmetric-Secret", SECRET).statusCode()).isEqualTo(201);
    assertThat(put("/db/orders/b", "{}", null, null).statusCode()).isEqualTo(401);
    assertThat(http.get("/db/orders/a").statusCode()).isEqualTo(200);
    assertThat(http.get("/db/orders/_changes").statusCode()).isEqualTo(200);
    assertThat(
            http.post("/db/orders/_bulk_get", "application/json", "{\"docs\":[{\"id\":\"a\"}]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.post("/db/orders/_bulk_docs", "application/json", "{\"docs\":[{\"_id\":\"c\"}]}")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> deleteAsPeer =
        http.send(http.request("/db/orders").header("X-Symmetric-Secret", SECRET).DELETE().build());
    assertThat(deleteAsPeer.statusCode()).isEqualTo(403);
    assertThat(node.store().databaseNames()).containsExactly("orders");
  }
}
