package dev.symmetric.replication.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a gossip message: {@code {"from": id, "members": [entry, ...]}}. */
final class GossipCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Most databases one member may announce; more are cut off (every bound explicit). */
  static final int DATABASES_MAX = 10_000;

  private GossipCodec() {}

  static ObjectNode encode(String from, List<GossipEntry> entries) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("from", from);
    ArrayNode members = root.putArray("members");
    for (GossipEntry e : entries) {
      ObjectNode m = members.addObject();
      m.put("id", e.id());
      m.put("url", e.url().toString());
      m.put("db_path", e.dbPath());
      m.put("incarnation", e.incarnation());
      m.put("heartbeat", e.heartbeat());
      m.put("age_ms", e.ageMillis());
      ObjectNode dbs = m.putObject("databases");
      e.databases().forEach(dbs::put);
      if (e.removed()) {
        m.put("removed", true);
        m.put("ttl_ms", e.ttlMillis());
      }
    }
    return root;
  }

  /**
   * Parses a gossip message.
   *
   * @throws IllegalArgumentException when it is not one
   */
  static List<GossipEntry> decode(JsonNode root) {
    JsonNode members = root.path("members");
    if (!members.isArray() || members.size() > Membership.MEMBERS_MAX) {
      throw new IllegalArgumentException(
          "a gossip message has a members array of at most " + Membership.MEMBERS_MAX);
    }
    List<GossipEntry> out = new ArrayList<>(members.size());
    for (JsonNode m : members) {
      String id = m.path("id").asText("");
      if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("bad member id in gossip: " + id);
      }
      URI url;
      try {
        url = URI.create(m.path("url").asText(""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad member url in gossip for " + id);
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("bad member url in gossip for " + id);
      }
      String dbPath = m.path("db_path").asText("/db");
      if (!dbPath.matches("(/[A-Za-z0-9._~-]+)+")) {
        throw new IllegalArgumentException("bad database path in gossip for " + id);
      }
      Map<String, Long> dbs = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = m.path("databases").fields();
      while (fields.hasNext() && dbs.size() < DATABASES_MAX) {
        Map.Entry<String, JsonNode> f = fields.next();
        dbs.put(f.getKey(), f.getValue().asLong(0));
      }
      out.add(
          new GossipEntry(
              id,
              url,
              dbPath,
              m.path("incarnation").asLong(0),
              m.path("heartbeat").asLong(0),
              Math.max(0, m.path("age_ms").asLong(0)),
              dbs,
              m.path("removed").asBoolean(false),
              Math.max(0, m.path("ttl_ms").asLong(0))));
    }
    return out;
  }
}
