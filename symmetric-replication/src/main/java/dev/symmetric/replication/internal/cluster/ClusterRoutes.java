package dev.symmetric.replication.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.symmetric.http.Access;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import dev.symmetric.replication.cluster.CatchUpStatus;
import dev.symmetric.replication.cluster.ConflictedDocument;
import dev.symmetric.replication.cluster.MemberInfo;
import dev.symmetric.replication.cluster.PeerReplication;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cluster's HTTP face: status for operators and the peer-only gossip exchange. */
final class ClusterRoutes implements HttpService {
  private static final int CONFLICTS_LIMIT_MAX = 10_000;

  private final DefaultCluster cluster;
  private final byte[] secret;

  ClusterRoutes(DefaultCluster cluster, String secret) {
    this.cluster = cluster;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void routing(Routes routes) {
    routes.get("/_cluster", request -> members());
    routes.delete(
        "/_cluster/members/{id}",
        RouteOptions.of(Access.ADMIN),
        request -> remove(request.pathParam("id")));
    routes.post(
        GossipClient.GOSSIP_PATH,
        RouteOptions.of(Access.AUTHENTICATED).requireJsonBody(),
        this::gossip);
    routes.get("/_node/replication", request -> replication());
    routes.get("/_node/conflicts/{db}", this::conflicts);
  }

  private Object gossip(Request request) {
    // The server checked credentials; a basic user is not a peer, so check the secret itself.
    byte[] given =
        request.header(GossipClient.SECRET_HEADER).orElse("").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, secret)) {
      throw new HttpException(403, "forbidden", "gossip needs the cluster secret");
    }
    JsonNode body = request.bodyJsonTree();
    List<GossipEntry> entries;
    try {
      entries = GossipCodec.decode(body);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest(e.getMessage());
    }
    return cluster.receiveGossip(entries);
  }

  private Map<String, Object> members() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", cluster.selfId());
    List<Map<String, Object>> list = new ArrayList<>();
    for (MemberInfo m : cluster.members()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", m.id());
      row.put("url", m.url().toString());
      row.put("state", m.state().wireName());
      row.put("incarnation", m.incarnation());
      row.put("heartbeat", m.heartbeat());
      row.put("last_heard_ms_ago", m.lastHeardMillisAgo());
      row.put("databases", m.databases().size());
      row.put("self", m.self());
      list.add(row);
    }
    out.put("members", list);
    return out;
  }

  private Response remove(String id) {
    try {
      if (!cluster.removeMember(id)) {
        throw HttpException.notFound("no live member " + id + " to remove");
      }
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest(e.getMessage());
    }
    return Response.json(200, Map.of("ok", true, "removed", id));
  }

  private Map<String, Object> replication() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", cluster.selfId());
    List<Map<String, Object>> list = new ArrayList<>();
    for (PeerReplication r : cluster.replications()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("peer", r.peer());
      row.put("database", r.database());
      row.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
      row.put("lag_seqs", r.lagSeqs() < 0 ? null : r.lagSeqs());
      row.put("peer_seq", r.peerSeq());
      row.put("replicated_seq", r.replicatedSeq());
      row.put("last_success_ms", r.lastSuccessMillis() < 0 ? null : r.lastSuccessMillis());
      row.put("last_error", r.lastError());
      row.put("docs_read", r.docsRead());
      row.put("docs_written", r.docsWritten());
      list.add(row);
    }
    out.put("replications", list);
    out.put("catch_up", catchUp(cluster.catchUp()));
    return out;
  }

  static Map<String, Object> catchUp(CatchUpStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", s.phase());
    out.put("waiting", targets(s.waiting()));
    out.put("skipped", targets(s.skipped()));
    return out;
  }

  private static List<Map<String, Object>> targets(List<CatchUpStatus.Target> targets) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CatchUpStatus.Target t : targets) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("peer", t.peer());
      row.put("database", t.database());
      row.put("target_seq", t.targetSeq());
      row.put("replicated_seq", t.replicatedSeq() < 0 ? null : t.replicatedSeq());
      out.add(row);
    }
    return out;
  }

  private Map<String, Object> conflicts(Request request) {
    String db = request.pathParam("db");
    int limit = 100;
    String given = request.queryParam("limit").orElse(null);
    if (given != null) {
      try {
        limit = Integer.parseInt(given);
      } catch (NumberFormatException e) {
        throw HttpException.badRequest("limit must be a number");
      }
      if (limit < 1 || limit > CONFLICTS_LIMIT_MAX) {
        throw HttpException.badRequest("limit must be 1.." + CONFLICTS_LIMIT_MAX);
      }
    }
    List<Map<String, Object>> docs = new ArrayList<>();
    for (ConflictedDocument d : cluster.conflicts(db, limit)) {
      docs.add(Map.of("id", d.id(), "rev", d.winner(), "conflicts", d.conflicts()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("database", db);
    out.put("docs", docs);
    return out;
  }
}
