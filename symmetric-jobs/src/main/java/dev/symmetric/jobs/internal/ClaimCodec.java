package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Claim messages as JSON on the wire. */
final class ClaimCodec {
  static final ObjectMapper JSON = new ObjectMapper();

  private ClaimCodec() {}

  static ObjectNode encode(ClaimRequest r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("key", r.key());
    o.put("round", r.round());
    o.put("proposer", r.proposer());
    o.put("lease_ms", r.leaseMillis());
    o.put("membership_version", r.membershipVersion());
    o.put("progress", r.progress());
    return o;
  }

  /**
   * @throws IllegalArgumentException for a malformed request
   */
  static ClaimRequest decodeRequest(String kind, JsonNode o) {
    ClaimRequest.Kind k;
    try {
      k = ClaimRequest.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown claim message " + kind);
    }
    for (String f : new String[] {"key", "round", "proposer", "membership_version"}) {
      if (!o.hasNonNull(f)) {
        throw new IllegalArgumentException("claim message lacks " + f);
      }
    }
    return new ClaimRequest(
        k,
        o.get("key").asText(),
        o.get("round").asLong(),
        o.get("proposer").asText(),
        o.path("lease_ms").asLong(0),
        o.get("membership_version").asLong(),
        o.path("progress").asLong(0));
  }

  static ObjectNode encode(ClaimReply r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("from", r.from());
    o.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
    o.put("promised_round", r.promisedRound());
    o.put("progress", r.progress());
    o.put("held_remaining_ms", r.heldRemainingMillis());
    if (r.record() != null) {
      encode(o.putObject("record"), r.record());
    }
    if (r.records() != null) {
      ObjectNode page = o.putObject("records");
      r.records().forEach((key, rec) -> encode(page.putObject(key), rec));
    }
    return o;
  }

  private static void encode(ObjectNode o, AcceptorRecord r) {
    o.put("promised_round", r.promisedRound());
    o.put("promised_to", r.promisedTo());
    o.put("accepted_round", r.acceptedRound());
    o.put("accepted_by", r.acceptedBy());
    o.put("lease_ms", r.leaseMillis());
    o.put("progress", r.progress());
  }

  static ClaimReply decodeReply(JsonNode o) {
    return new ClaimReply(
        o.path("from").asText(),
        ClaimReply.Outcome.valueOf(o.path("outcome").asText().toUpperCase(Locale.ROOT)),
        o.path("promised_round").asLong(),
        o.path("progress").asLong(),
        o.path("held_remaining_ms").asLong(),
        o.hasNonNull("record") ? record(o.get("record")) : null,
        o.hasNonNull("records") ? records(o.get("records")) : null);
  }

  private static Map<String, AcceptorRecord> records(JsonNode page) {
    Map<String, AcceptorRecord> out = new LinkedHashMap<>();
    page.fields().forEachRemaining(f -> out.put(f.getKey(), record(f.getValue())));
    return out;
  }

  private static AcceptorRecord record(JsonNode r) {
    return new AcceptorRecord(
        r.path("promised_round").asLong(),
        r.path("promised_to").asText(),
        r.path("accepted_round").asLong(),
        r.path("accepted_by").asText(),
        r.path("lease_ms").asLong(),
        r.path("progress").asLong());
  }
}
