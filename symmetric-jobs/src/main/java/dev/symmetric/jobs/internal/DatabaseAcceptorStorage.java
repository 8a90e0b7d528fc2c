package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import java.util.Optional;

/**
 * Acceptor records as {@code _local/claim:<key>} documents: never replicated, written with the
 * store's durability, which is an fsync per write unless the node was built with a weaker one.
 */
public final class DatabaseAcceptorStorage implements AcceptorStorage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;

  public DatabaseAcceptorStorage(Database db) {
    this.db = db;
  }

  private static String id(String key) {
    return "claim:" + key;
  }

  @Override
  public Optional<AcceptorRecord> load(String key) {
    ObjectNode doc;
    try {
      doc = db.getLocal(id(key));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new AcceptorRecord(
            doc.path("promised_round").asLong(),
            doc.path("promised_to").asText(),
            doc.path("accepted_round").asLong(),
            doc.path("accepted_by").asText(),
            doc.path("lease_ms").asLong(),
            doc.path("progress").asLong()));
  }

  @Override
  public void save(String key, AcceptorRecord r) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("promised_round", r.promisedRound());
    doc.put("promised_to", r.promisedTo());
    doc.put("accepted_round", r.acceptedRound());
    doc.put("accepted_by", r.acceptedBy());
    doc.put("lease_ms", r.leaseMillis());
    doc.put("progress", r.progress());
    try {
      doc.put("_rev", db.getLocal(id(key)).get("_rev").asText());
    } catch (NotFoundException e) {
      // first record of this key; the acceptor's lock on the key keeps writers apart
    }
    db.putLocal(id(key), doc);
  }
}
