package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A small JSON client for one node, as the tests' callers. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A reply: status and parsed body (a JSON null when the body is not JSON). */
  record Reply(int status, JsonNode body) {
    String error() {
      return body.path("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  final String base;
  private final String secret;

  Api(String base, String secret) {
    this.base = base;
    this.secret = secret;
  }

  Reply get(String path) throws IOException {
    return send("GET", path, null);
  }

  Reply post(String path, String json) throws IOException {
    return send("POST", path, json);
  }

  Reply put(String path, String json) throws IOException {
    return send("PUT", path, json);
  }

  Reply delete(String path) throws IOException {
    return send("DELETE", path, null);
  }

  Reply send(String method, String path, String json) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-Symmetric-Secret", secret);
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body;
      try {
        body = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
      } catch (IOException e) {
        body = JSON.nullNode();
      }
      return new Reply(r.statusCode(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** A condition that treats an I/O failure as "not yet". */
  interface IoCondition {
    boolean test() throws IOException;
  }

  static BooleanSupplier quietly(IoCondition c) {
    return () -> {
      try {
        return c.test();
      } catch (IOException e) {
        return false;
      }
    };
  }
}
