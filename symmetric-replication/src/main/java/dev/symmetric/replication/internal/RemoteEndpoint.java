package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointException;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.WriteFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A database behind a URL, spoken to with CouchDB's HTTP API. Requests of one call go one chunk at
 * a time (at most {@link #CHUNK_DOCS_MAX} documents, {@link #OPEN_REVS_IN_FLIGHT_MAX} per-document
 * GETs in flight), so one replication never floods a peer.
 */
public final class RemoteEndpoint implements Endpoint {
  static final int CHUNK_DOCS_MAX = 500;
  static final int OPEN_REVS_IN_FLIGHT_MAX = 4;
  private static final long HEARTBEAT_MILLIS_MAX = 10_000;

  private final HttpPeer peer;
  private final String id;
  private final String dbUrl;
  private final String rootUrl;
  private final String auth;
  private volatile boolean bulkGetUnsupported;

  public RemoteEndpoint(URI databaseUrl, HttpPeer peer) {
    this.peer = peer;
    String path = databaseUrl.getRawPath().replaceAll("/+$", "");
    String authority =
        databaseUrl.getHost() + (databaseUrl.getPort() < 0 ? "" : ":" + databaseUrl.getPort());
    if (databaseUrl.getHost() != null && databaseUrl.getHost().contains(":")) {
      authority =
          "["
              + databaseUrl.getHost()
              + "]"
              + (databaseUrl.getPort() < 0 ? "" : ":" + databaseUrl.getPort());
    }
    this.dbUrl = databaseUrl.getScheme() + "://" + authority + path;
    this.rootUrl = dbUrl.substring(0, dbUrl.lastIndexOf('/') + 1);
    this.id = dbUrl;
    String userInfo = databaseUrl.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      int colon = userInfo.indexOf(':');
      this.auth =
          HttpPeer.basic(
              URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8),
              URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
    } else {
      this.auth = null;
    }
  }

  /** Whether this endpoint gave up on {@code _bulk_get} and fetches per document. */
  public boolean usesOpenRevsFallback() {
    return bulkGetUnsupported;
  }

  /** Makes this endpoint fetch with per-document {@code open_revs} GETs from now on. */
  public void forceOpenRevsFallback() {
    bulkGetUnsupported = true;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletableFuture<EndpointInfo> info() {
    CompletableFuture<JsonNode> root =
        send(get(rootUrl), 0)
            .thenApply(r -> r.statusCode() / 100 == 2 ? parse(r) : null)
            .exceptionally(e -> null);
    CompletableFuture<JsonNode> db = json(get(dbUrl + "/"), 0);
    return db.thenCombine(
        root,
        (d, r) -> {
          String uuid = r != null && r.path("uuid").isTextual() ? r.get("uuid").textValue() : id;
          return new EndpointInfo(
              uuid, d.path("update_seq"), d.path("instance_start_time").asText(""));
        });
  }

  @Override
  public CompletableFuture<Void> createDatabase() {
    return send(HttpRequest.newBuilder(URI.create(dbUrl + "/")).PUT(noBody()), 0)
        .thenApply(
            r -> {
              if (r.statusCode() / 100 != 2 && r.statusCode() != 412) {
                throw error(r);
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<Optional<ObjectNode>> getLocal(String localId) {
    return send(get(localUrl(localId)), 0)
        .thenApply(
            r -> {
              if (r.statusCode() == 404) {
                return Optional.empty();
              }
              if (r.statusCode() / 100 != 2) {
                throw error(r);
              }
              JsonNode n = parse(r);
              if (!n.isObject()) {
                throw new EndpointException(502, "bad_response: a local document is not an object");
              }
              return Optional.of((ObjectNode) n);
            });
  }

  @Override
  public CompletableFuture<Void> putLocal(String localId, ObjectNode doc) {
    return json(put(localUrl(localId), doc), 0).thenApply(n -> null);
  }

  @Override
  public CompletableFuture<ChangesBatch> changes(ChangesQuery q) {
    StringBuilder url = new StringBuilder(dbUrl).append("/_changes?style=all_docs");
    if (q.since() != null && !q.since().isNull()) {
      String since = q.since().isTextual() ? q.since().textValue() : q.since().toString();
      url.append("&since=").append(PathEncoding.encode(since));
    }
    url.append("&limit=").append(q.limit());
    long wait = q.waitMillis();
    if (wait > 0) {
      long heartbeat = Math.max(1_000, Math.min(HEARTBEAT_MILLIS_MAX, wait / 2));
      url.append("&feed=longpoll&timeout=").append(wait).append("&heartbeat=").append(heartbeat);
    }
    HttpRequest.Builder req;
    if (q.docIds() != null) {
      url.append("&filter=_doc_ids");
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode ids = body.putArray("doc_ids");
      q.docIds().forEach(ids::add);
      req = post(url.toString(), body);
    } else {
      req = get(url.toString());
    }
    CompletableFuture<JsonNode> answer = json(req, wait);
    return HttpPeer.cancelling(answer.thenApply(RemoteEndpoint::changesBatch), answer);
  }

  private static ChangesBatch changesBatch(JsonNode n) {
    JsonNode results = n.path("results");
    List<ChangesBatch.ChangeRow> rows = new ArrayList<>(results.size());
    for (JsonNode row : results) {
      List<String> revs = new ArrayList<>();
      for (JsonNode c : row.path("changes")) {
        if (c.path("rev").isTextual()) {
          revs.add(c.get("rev").textValue());
        }
      }
      String docId = row.path("id").asText(null);
      if (docId == null || revs.isEmpty()) {
        continue;
      }
      rows.add(
          new ChangesBatch.ChangeRow(row.get("seq"), docId, revs, row.path("deleted").asBoolean()));
    }
    JsonNode lastSeq = n.get("last_seq");
    if (lastSeq == null && !rows.isEmpty()) {
      lastSeq = rows.get(rows.size() - 1).seq();
    }
    long pending = n.path("pending").isNumber() ? n.get("pending").asLong() : -1;
    return new ChangesBatch(rows, lastSeq, pending);
  }

  @Override
  public CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    revs.forEach(
        (docId, list) -> {
          ArrayNode a = body.putArray(docId);
          list.forEach(a::add);
        });
    return json(post(dbUrl + "/_revs_diff", body), 0)
        .thenApply(
            n -> {
              Map<String, List<String>> out = new LinkedHashMap<>();
              Iterator<Map.Entry<String, JsonNode>> it = n.fields();
              while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> missing = new ArrayList<>();
                e.getValue().path("missing").forEach(m -> missing.add(m.asText()));
                if (!missing.isEmpty()) {
                  out.put(e.getKey(), missing);
                }
              }
              return out;
            });
  }

  @Override
  public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
    List<ObjectNode> out = new ArrayList<>(wanted.size());
    Set<String> seen = new HashSet<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int from = 0; from < wanted.size(); from += CHUNK_DOCS_MAX) {
      List<DocRev> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK_DOCS_MAX));
      chain = chain.thenCompose(v -> fetchChunk(chunk)).thenAccept(docs -> addNew(docs, out, seen));
    }
    return chain.thenApply(v -> out);
  }

  private static synchronized void addNew(
      List<ObjectNode> docs, List<ObjectNode> out, Set<String> seen) {
    for (ObjectNode d : docs) {
      if (seen.add(d.path("_id").asText() + "\n" + d.path("_rev").asText())) {
        out.add(d);
      }
    }
  }

  private CompletableFuture<List<ObjectNode>> fetchChunk(List<DocRev> chunk) {
    if (bulkGetUnsupported) {
      return openRevs(chunk);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode docs = body.putArray("docs");
    chunk.forEach(w -> docs.addObject().put("id", w.id()).put("rev", w.rev()));
    String url = dbUrl + "/_bulk_get?revs=true&latest=true&attachments=true";
    return send(post(url, body), 0)
        .thenCompose(
            r -> {
              int s = r.statusCode();
              if (s == 400 || s == 404 || s == 405 || s == 501) {
                // Older CouchDB and some servers lack _bulk_get: fetch per document from now on.
                bulkGetUnsupported = true;
                return openRevs(chunk);
              }
              if (s / 100 != 2) {
                throw error(r);
              }
              return CompletableFuture.completedFuture(bulkGetDocs(parse(r)));
            });
  }

  private static List<ObjectNode> bulkGetDocs(JsonNode n) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode result : n.path("results")) {
      for (JsonNode d : result.path("docs")) {
        JsonNode ok = d.get("ok");
        if (ok != null && ok.isObject()) {
          out.add((ObjectNode) ok);
          continue;
        }
        JsonNode err = d.path("error");
        String error = err.path("error").asText("unknown");
        if (!error.equals("not_found")) {
          // Skipping it would checkpoint past a revision the target never got.
          throw new EndpointException(
              502,
              "could not read "
                  + err.path("id").asText(result.path("id").asText())
                  + " "
                  + err.path("rev").asText()
                  + ": "
                  + error
                  + ": "
                  + err.path("reason").asText());
        }
      }
    }
    return out;
  }

  private CompletableFuture<List<ObjectNode>> openRevs(List<DocRev> chunk) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    chunk.forEach(w -> byId.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(w.rev()));
    List<Map.Entry<String, List<String>>> entries = new ArrayList<>(byId.entrySet());
    List<ObjectNode> out = new ArrayList<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int from = 0; from < entries.size(); from += OPEN_REVS_IN_FLIGHT_MAX) {
      List<Map.Entry<String, List<String>>> group =
          entries.subList(from, Math.min(entries.size(), from + OPEN_REVS_IN_FLIGHT_MAX));
      chain =
          chain.thenCompose(
              v -> {
                List<CompletableFuture<List<ObjectNode>>> calls = new ArrayList<>();
                group.forEach(e -> calls.add(openRevs(e.getKey(), e.getValue())));
                return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                    .thenAccept(x -> calls.forEach(c -> out.addAll(c.join())));
              });
    }
    return chain.thenApply(v -> out);
  }

  private CompletableFuture<List<ObjectNode>> openRevs(String docId, List<String> revs) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    revs.forEach(a::add);
    String url =
        docUrl(docId)
            + "?revs=true&latest=true&attachments=true&open_revs="
            + PathEncoding.encode(a.toString());
    return json(get(url), 0)
        .thenApply(
            n -> {
              List<ObjectNode> docs = new ArrayList<>();
              for (JsonNode item : n) {
                JsonNode ok = item.get("ok");
                if (ok != null && ok.isObject()) {
                  docs.add((ObjectNode) ok);
                }
              }
              return docs;
            });
  }

  @Override
  public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
    List<WriteFailure> failures = new ArrayList<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (List<ObjectNode> chunk : writeChunks(docs, CHUNK_DOCS_MAX)) {
      chain = chain.thenCompose(v -> writeChunk(chunk)).thenAccept(failures::addAll);
    }
    return chain.thenApply(v -> failures);
  }

  /**
   * {@code docs} in chunks of at most {@code docsMax}, each document's revisions in one chunk: a
   * {@code _bulk_docs} is one atomic write on a symmetric node, so the revisions of one edit (a
   * merged revision and the deletion of the loser it replaces) become visible together. A document
   * with more revisions than the bound goes in a chunk of its own.
   */
  static List<List<ObjectNode>> writeChunks(List<ObjectNode> docs, int docsMax) {
    Map<String, List<ObjectNode>> byId = new LinkedHashMap<>();
    for (ObjectNode d : docs) {
      byId.computeIfAbsent(d.path("_id").asText(), k -> new ArrayList<>()).add(d);
    }
    List<List<ObjectNode>> chunks = new ArrayList<>();
    List<ObjectNode> chunk = new ArrayList<>();
    for (List<ObjectNode> revs : byId.values()) {
      if (!chunk.isEmpty() && chunk.size() + revs.size() > docsMax) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
      chunk.addAll(revs);
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private CompletableFuture<List<WriteFailure>> writeChunk(List<ObjectNode> chunk) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("new_edits", false);
    ArrayNode docs = body.putArray("docs");
    chunk.forEach(docs::add);
    return json(post(dbUrl + "/_bulk_docs", body), 0)
        .thenApply(
            n -> {
              List<WriteFailure> out = new ArrayList<>();
              for (JsonNode r : n) {
                if (r.has("error")) {
                  out.add(
                      new WriteFailure(
                          r.path("id").asText(null),
                          r.path("rev").asText(null),
                          r.path("error").asText(),
                          r.path("reason").asText()));
                }
              }
              return out;
            });
  }

  @Override
  public CompletableFuture<Void> ensureFullCommit() {
    return json(post(dbUrl + "/_ensure_full_commit", Json.MAPPER.createObjectNode()), 0)
        .thenApply(n -> null);
  }

  private String docUrl(String docId) {
    return dbUrl + "/" + PathEncoding.encode(docId);
  }

  private String localUrl(String localId) {
    return dbUrl + "/_local/" + PathEncoding.encode(localId);
  }

  private static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).GET();
  }

  private static HttpRequest.Builder put(String url, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
  }

  private static HttpRequest.Builder post(String url, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("JSON tree did not serialize", e);
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest.Builder req, long extraMillis) {
    return peer.send(req, auth, extraMillis);
  }

  /** Sends and parses a 2xx JSON answer; any other status fails with CouchDB's reason. */
  private CompletableFuture<JsonNode> json(HttpRequest.Builder req, long extraMillis) {
    CompletableFuture<HttpResponse<byte[]>> sent = send(req, extraMillis);
    return HttpPeer.cancelling(sent.thenApply(checked(RemoteEndpoint::parse)), sent);
  }

  private static Function<HttpResponse<byte[]>, JsonNode> checked(
      Function<HttpResponse<byte[]>, JsonNode> then) {
    return r -> {
      if (r.statusCode() / 100 != 2) {
        throw error(r);
      }
      return then.apply(r);
    };
  }

  private static JsonNode parse(HttpResponse<byte[]> r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new EndpointException(
          502, "bad_response: " + r.request().method() + " " + r.uri() + " sent no JSON", e);
    }
  }

  private static EndpointException error(HttpResponse<byte[]> r) {
    String error = "http_" + r.statusCode();
    String reason = "";
    try {
      JsonNode n = Json.MAPPER.readTree(r.body());
      if (n != null) {
        error = n.path("error").asText(error);
        reason = n.path("reason").asText("");
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: keep the status alone.
    }
    return new EndpointException(
        r.statusCode(),
        r.request().method()
            + " "
            + r.uri().getRawPath()
            + ": "
            + r.statusCode()
            + " "
            + error
            + (reason.isEmpty() ? "" : ": " + reason));
  }

  @Override
  public String toString() {
    return id;
  }
}
