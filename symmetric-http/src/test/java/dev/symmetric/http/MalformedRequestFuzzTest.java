package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws generated malformed requests at a live server: whatever arrives back must be a 4xx (or
 * nothing, the connection closed), never a 5xx, and the server must keep serving.
 */
class MalformedRequestFuzzTest {
  static HttpServer server;

  @BeforeContainer
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .maxBodyBytes(4_096)
            .maxHeaderBytes(2_048)
            .maxInitialLineBytes(1_024)
            .requestReadTimeoutMillis(1_000)
            .routes(
                r ->
                    r.get("/{db}/{doc...}", req -> Map.of("doc", req.pathParam("doc")))
                        .post(
                            "/{db}",
                            RouteOptions.defaults().requireJsonBody(),
                            req -> req.bodyJsonTree()))
            .build()
            .start();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 2_500)
  void malformedRequestsNeverGet5xx(@ForAll("malformed") String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(1_500);
      try {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (IOException closedEarly) {
        // The server may close as soon as it has seen enough; that is an allowed answer.
      }
      for (int status : statuses(read(socket.getInputStream()))) {
        // 1xx counts too: "100 Continue" is a fine interim answer to "Expect: 100-continue".
        assertThat(status).as(raw).isBetween(100, 499);
      }
    }
    assertServerStillAnswers();
  }

  private static void assertServerStillAnswers() throws IOException {
    try (RawClient c = new RawClient(server.port())) {
      assertThat(c.send(RawClient.get("/db/ok")).read().status()).isEqualTo(200);
    }
  }

  /** Reads until the server closes or goes quiet. */
  private static String read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8_192];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketTimeoutException | java.net.SocketException quietOrReset) {
      // What arrived so far is all we judge.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static List<Integer> statuses(String responses) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(responses);
    java.util.ArrayList<Integer> result = new java.util.ArrayList<>();
    while (m.find()) {
      result.add(Integer.parseInt(m.group(1)));
    }
    return result;
  }

  @Provide
  Arbitrary<String> malformed() {
    return Arbitraries.oneOf(
        garbage(), badRequestLine(), badHeaders(), bogusBodies(), badEscapes(), hugeHeaders());
  }

  private Arbitrary<String> garbage() {
    return Arbitraries.strings().all().ofMaxLength(300);
  }

  private Arbitrary<String> badRequestLine() {
    Arbitrary<String> method =
        Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "BREW", "get", "", "G\u0000T");
    Arbitrary<String> target =
        Arbitraries.oneOf(
            Arbitraries.of("/db/x", "*", "http://h/db/x", "", "/db/x y", "//", "/\u00e9", "/db/%"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "/" + s));
    Arbitrary<String> version =
        Arbitraries.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9", "", "HTTP/1.1 extra");
    return Combinators.combine(method, target, version)
        .as((m, t, v) -> m + " " + t + " " + v + "\r\nHost: x\r\n\r\n");
  }

  private Arbitrary<String> badHeaders() {
    Arbitrary<String> header =
        Arbitraries.of(
            "NoColon",
            ": empty-name",
            "Bad Name: v",
            "X: \u0000",
            " folded: continuation",
            "Content-Length: -1",
            "Content-Length: 1, 2",
            "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: bogus",
            "Expect: 100-continue",
            "Host:");
    return header
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(hs -> "GET /db/x HTTP/1.1\r\n" + String.join("\r\n", hs) + "\r\n\r\n");
  }

  private Arbitrary<String> bogusBodies() {
    Arbitrary<Integer> declared = Arbitraries.integers().between(0, 10_000);
    Arbitrary<String> body = Arbitraries.strings().all().ofMaxLength(200);
    Arbitrary<String> contentType =
        Arbitraries.of("application/json", "text/plain", "application/json; charset=utf-8");
    return Combinators.combine(declared, body, contentType)
        .as(
            (n, b, ct) ->
                "POST /db HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + ct
                    + "\r\nContent-Length: "
                    + n
                    + "\r\n\r\n"
                    + b);
  }

  private Arbitrary<String> badEscapes() {
    Arbitrary<String> escape =
        Arbitraries.of("%", "%2", "%zz", "%C3", "%C3%28", "%FF", "%E0%80%80", "%00", "%2F", "+");
    return escape
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(es -> RawClient.get("/db/" + String.join("a", es) + "?q=" + String.join("", es)));
  }

  private Arbitrary<String> hugeHeaders() {
    return Arbitraries.integers()
        .between(1_000, 20_000)
        .map(n -> "GET /db/x HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(n) + "\r\n\r\n");
  }
}
