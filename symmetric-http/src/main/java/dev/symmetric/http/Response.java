package dev.symmetric.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable HTTP response: a status, headers, and one body kind (none, bytes, a value rendered
 * as JSON, or a stream). The {@code with*} methods return copies.
 */
public final class Response {
  /** A header name and value; names are compared case-insensitively on the wire. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private static final Object NO_JSON = new Object();

  private final int status;
  private final List<Header> headers;
  private final byte[] bytes;
  private final Object json;
  private final StreamBody stream;

  private Response(int status, List<Header> headers, byte[] bytes, Object json, StreamBody stream) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599, got " + status);
    }
    this.status = status;
    this.headers = headers;
    this.bytes = bytes;
    this.json = json;
    this.stream = stream;
  }

  /** A {@code 200} whose body is {@code value} serialized as JSON. */
  public static Response json(Object value) {
    return json(200, value);
  }

  public static Response json(int status, Object value) {
    return new Response(status, List.of(), null, value, null);
  }

  /** A response without a body. */
  public static Response status(int status) {
    return new Response(status, List.of(), new byte[0], NO_JSON, null);
  }

  public static Response text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static Response bytes(int status, String contentType, byte[] body) {
    return new Response(status, List.of(), body.clone(), NO_JSON, null)
        .withHeader("Content-Type", contentType);
  }

  /** A chunked response whose body {@code body} writes; see {@link ResponseStream}. */
  public static Response stream(int status, String contentType, StreamBody body) {
    Objects.requireNonNull(body, "body");
    return new Response(status, List.of(), null, NO_JSON, body)
        .withHeader("Content-Type", contentType);
  }

  /** A JSON error body {@code {"error": error, "reason": reason}}. */
  public static Response error(int status, String error, String reason) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("reason", reason);
    return json(status, body);
  }

  /** A copy with {@code name} set to {@code value}, replacing earlier values of that header. */
  public Response withHeader(String name, String value) {
    List<Header> copy = new ArrayList<>(headers.size() + 1);
    for (Header h : headers) {
      if (!h.name().equalsIgnoreCase(name)) {
        copy.add(h);
      }
    }
    copy.add(new Header(name, value));
    return new Response(status, Collections.unmodifiableList(copy), bytes, json, stream);
  }

  public Response withStatus(int newStatus) {
    return new Response(newStatus, headers, bytes, json, stream);
  }

  public int status() {
    return status;
  }

  public List<Header> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** True if the body is a value still to be rendered as JSON. */
  public boolean hasJsonBody() {
    return json != NO_JSON;
  }

  public Object jsonBody() {
    return json == NO_JSON ? null : json;
  }

  /** The body bytes, or null for a JSON or streamed body. */
  public byte[] bytesBody() {
    return bytes == null ? null : bytes.clone();
  }

  /** The stream producer, or null if the body is not streamed. */
  public StreamBody streamBody() {
    return stream;
  }

  @Override
  public String toString() {
    return "Response{" + status + ", " + headers + "}";
  }
}
