package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecurityTest {
  static final String SECRET = "0123456789abcdef-cluster";
  static HttpServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .basicUser("admin", "pw", true)
            .basicUser("bob", "bobpw", false)
            .clusterSecret(SECRET)
            .routes(
                r ->
                    r.get(
                            "/open",
                            req -> Map.of("who", req.principal().map(Principal::name).orElse("")))
                        .get("/docs", RouteOptions.of(Access.AUTHENTICATED_WRITES), req -> "read")
                        .put(
                            "/docs", RouteOptions.of(Access.AUTHENTICATED_WRITES), req -> "written")
                        .get("/private", RouteOptions.of(Access.AUTHENTICATED), req -> "mine")
                        .get("/admin", RouteOptions.of(Access.ADMIN), req -> "root"))
            .build()
            .start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path, String header, String value) throws Exception {
    return http.send(http.request(path).header(header, value).build());
  }

  @Test
  void publicRoutesNeedNothing() throws Exception {
    assertThat(http.get("/open").statusCode()).isEqualTo(200);
    assertThat(get("/open", "Authorization", basic("bob", "bobpw")).body()).contains("bob");
  }

  @Test
  void wrongCredentialsAre401EvenOnPublicRoutes() throws Exception {
    HttpResponse<String> r = get("/open", "Authorization", basic("bob", "nope"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"symmetric\"");
    assertThat(r.body()).contains("\"error\":\"unauthorized\"");
    assertThat(get("/open", "Authorization", basic("nobody", "x")).statusCode()).isEqualTo(401);
    assertThat(get("/open", "Authorization", "Basic !!!").statusCode()).isEqualTo(401);
  }

  @Test
  void authenticatedWritesLeaveReadsOpen() throws Exception {
    assertThat(http.get("/docs").statusCode()).isEqualTo(200);
    HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.noBody();
    assertThat(http.send(http.request("/docs").PUT(empty).build()).statusCode()).isEqualTo(401);
    assertThat(
            http.send(
                    http.request("/docs")
                        .header("Authorization", basic("bob", "bobpw"))
                        .PUT(empty)
                        .build())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void adminRoutesNeedTheAdminRole() throws Exception {
    assertThat(http.get("/admin").statusCode()).isEqualTo(401);
    HttpResponse<String> bob = get("/admin", "Authorization", basic("bob", "bobpw"));
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).contains("\"error\":\"forbidden\"");
    assertThat(get("/admin", "Authorization", basic("admin", "pw")).statusCode()).isEqualTo(200);
  }

  @Test
  void drainIsAdminOnly() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/_node/drain")
                .header("Authorization", basic("bob", "bobpw"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void peersAuthenticateWithTheClusterSecret() throws Exception {
    assertThat(get("/private", "X-Symmetric-Secret", SECRET).statusCode()).isEqualTo(200);
    assertThat(get("/private", "X-Symmetric-Secret", SECRET + "x").statusCode()).isEqualTo(401);
    assertThat(get("/admin", "X-Symmetric-Secret", SECRET).statusCode()).isEqualTo(403);
    assertThat(http.get("/private").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesToExposeAnUnauthenticatedServer() {
    assertThatThrownBy(() -> HttpServer.builder().host("0.0.0.0").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("basicUser");
    HttpServer.builder().host("0.0.0.0").basicUser("a", "b", true).build();
  }

  @Test
  void builderRejectsBadSettingsAtOnce() {
    assertThatThrownBy(() -> HttpServer.builder().port(70_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpServer.builder().clusterSecret("short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> HttpServer.builder().routes(r -> r.get("/a", q -> 1).get("/a", q -> 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clashes");
    assertThatThrownBy(() -> HttpServer.builder().routes(r -> r.get("/{a...}/b", q -> 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
