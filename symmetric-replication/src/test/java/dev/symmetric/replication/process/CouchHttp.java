package dev.symmetric.replication.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A small client for CouchDB's HTTP API (a symmetric node, pouchdb-server), and what two replicas
 * must agree on, read from outside: per document its winner and every leaf with its deletion flag.
 */
public final class CouchHttp {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String secret;

  /** {@code secret}: sent as {@code X-Symmetric-Secret} when not null. */
  public CouchHttp(String secret) {
    this.secret = secret;
  }

  public record Reply(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  public Reply get(String url) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
  }

  /** The raw body of a 200 answer, e.g. an attachment; fails on any other status. */
  public byte[] bytes(String url) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (secret != null) {
      b.header("X-Symmetric-Secret", secret);
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + url + " answered " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public Reply put(String url, JsonNode body) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  public Reply post(String url, JsonNode body) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  public Reply delete(String url) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  private Reply send(HttpRequest.Builder b) throws IOException {
    if (secret != null) {
      b.header("X-Symmetric-Secret", secret);
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
      return new Reply(r.statusCode(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Per document id: {@code winner=<rev>[(d)] leaves=[...]}. Ids and leaves come from {@code
   * _changes?style=all_docs}, the winner from {@code _all_docs} by key (which also lists deleted
   * documents). With {@code full}, the leaves come from {@code open_revs=all} instead and carry
   * their deletion flags and a hash of their bodies: one GET per document.
   */
  public SortedMap<String, String> digest(String dbUrl, boolean full) throws IOException {
    Reply changes = get(dbUrl + "/_changes?style=all_docs");
    check(changes, "_changes of " + dbUrl);
    SortedMap<String, List<String>> leaves = new TreeMap<>();
    for (JsonNode row : changes.body().path("results")) {
      List<String> revs = new ArrayList<>();
      row.path("changes").forEach(c -> revs.add(c.path("rev").asText()));
      revs.sort(null);
      leaves.put(row.path("id").asText(), revs);
    }
    SortedMap<String, String> out = new TreeMap<>();
    if (leaves.isEmpty()) {
      return out;
    }
    ObjectNode keys = JSON.createObjectNode();
    ArrayNode k = keys.putArray("keys");
    leaves.keySet().forEach(k::add);
    Reply all = post(dbUrl + "/_all_docs", keys);
    check(all, "_all_docs of " + dbUrl);
    Map<String, String> winners = new TreeMap<>();
    for (JsonNode row : all.body().path("rows")) {
      if (row.has("value")) {
        JsonNode v = row.get("value");
        winners.put(
            row.path("key").asText(),
            v.path("rev").asText() + (v.path("deleted").asBoolean() ? "(d)" : ""));
      }
    }
    for (Map.Entry<String, List<String>> e : leaves.entrySet()) {
      List<String> l = full ? openRevs(dbUrl, e.getKey()) : e.getValue();
      out.put(e.getKey(), "winner=" + winners.get(e.getKey()) + " leaves=" + l);
    }
    return out;
  }

  private List<String> openRevs(String dbUrl, String id) throws IOException {
    Reply r = get(dbUrl + "/" + encode(id) + "?open_revs=all");
    check(r, "open_revs of " + id);
    List<String> out = new ArrayList<>();
    for (JsonNode item : r.body()) {
      JsonNode doc = item.get("ok");
      if (doc == null) {
        continue;
      }
      ObjectNode body = ((ObjectNode) doc).deepCopy();
      body.remove(List.of("_id", "_rev", "_revisions", "_deleted", "_attachments"));
      JsonNode atts = doc.path("_attachments");
      List<String> attachments = new ArrayList<>();
      atts.fieldNames()
          .forEachRemaining(n -> attachments.add(n + ":" + atts.get(n).path("digest").asText()));
      attachments.sort(null);
      out.add(
          doc.path("_rev").asText()
              + (doc.path("_deleted").asBoolean() ? "(d)" : "")
              + "#"
              + Integer.toHexString(body.hashCode())
              + (attachments.isEmpty() ? "" : attachments.toString()));
    }
    out.sort(null);
    return out;
  }

  private static void check(Reply r, String what) {
    if (!r.ok()) {
      throw new UncheckedIOException(
          new IOException(what + " answered " + r.status() + " " + r.body()));
    }
  }
}
