package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import java.util.Locale;

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
      ObjectNode rec = o.putObject("record");
      rec.put("promised_round", r.record().promisedRound());
      rec.put("promised_to", r.record().promisedTo());
      rec.put("accepted_round", r.record().acceptedRound());
      rec.put("accepted_by", r.record().acceptedBy());
      rec.put("lease_ms", r.record().leaseMillis());
      rec.put("progress", r.record().progress());
    }
    return o;
  }

  static ClaimReply decodeReply(JsonNode o) {
    return new ClaimReply(
        o.path("from").asText(),
        ClaimReply.Outcome.valueOf(o.path("outcome").asText().toUpperCase(Locale.ROOT)),
        o.path("promised_round").asLong(),
        o.path("progress").asLong(),
        o.path("held_remaining_ms").asLong(),
        o.hasNonNull("record") ? record(o.get("record")) : null);
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
