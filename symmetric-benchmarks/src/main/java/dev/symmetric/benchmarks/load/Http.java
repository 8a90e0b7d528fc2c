package dev.symmetric.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The small HTTP client the load runners share: JSON requests, an optional cluster secret. */
final class Http {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String secret;

  Http(String secret) {
    this.secret = secret;
  }

  HttpClient client() {
    return client;
  }

  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    if (!secret.isEmpty()) {
      b.header("X-Symmetric-Secret", secret);
    }
    return b;
  }

  HttpResponse<String> send(String method, URI uri, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return client.send(request(uri).method(method, publisher).build(), ofString());
  }

  static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** Creates the database unless it exists (201, 202 or 412 are all fine). */
  void createDatabase(URI db) throws IOException, InterruptedException {
    HttpResponse<String> r = send("PUT", db, null);
    if (r.statusCode() != 201 && r.statusCode() != 202 && r.statusCode() != 412) {
      throw new IllegalStateException("PUT " + db + " answered " + r.statusCode() + " " + r.body());
    }
  }

  /** A database URL without a trailing slash, so {@code resolve} appends. */
  static URI db(String url) {
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  static URI child(URI db, String path) {
    return URI.create(db + "/" + path);
  }
}
