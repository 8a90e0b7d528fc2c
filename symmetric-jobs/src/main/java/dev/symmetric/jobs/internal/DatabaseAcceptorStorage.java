package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Acceptor records as {@code _local/claim:<key>} documents: never replicated, written with the
 * store's durability, which is an fsync per write unless the node was built with a weaker one.
 *
 * <p>Local documents cannot be listed, so the keys are also kept in {@value #BUCKETS} index
 * documents {@code _local/claim-keys:<bucket>}, each written in the same batch as the record it
 * adds or removes: the index never misses a saved record, even across a crash. Only a record's
 * first save and its deletion touch the index. A database whose records predate the index (it has
 * records but no {@code _local/claim-index}) cannot list them.
 */
public final class DatabaseAcceptorStorage implements AcceptorStorage {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int BUCKETS = 256;
  private static final String INDEX_MARK = "claim-index";

  private final Database db;
  private final boolean listable;
  private final Object[] bucketLocks = new Object[BUCKETS];

  public DatabaseAcceptorStorage(Database db) {
    this.db = db;
    for (int i = 0; i < BUCKETS; i++) {
      bucketLocks[i] = new Object();
    }
    this.listable = indexed(db);
  }

  private static boolean indexed(Database db) {
    if (exists(db, INDEX_MARK)) {
      return true;
    }
    if (exists(db, id(""))) {
      return false; // the acceptor voted before keys were indexed: some would be missing
    }
    ObjectNode mark = JSON.createObjectNode();
    mark.put("buckets", BUCKETS);
    db.putLocal(INDEX_MARK, mark);
    return true;
  }

  private static boolean exists(Database db, String localId) {
    try {
      db.getLocal(localId);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static String id(String key) {
    return "claim:" + key;
  }

  private static String bucketId(int bucket) {
    return "claim-keys:" + bucket;
  }

  static int bucket(String key) {
    return Math.floorMod(key.hashCode(), BUCKETS);
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
    Optional<String> rev = rev(id(key));
    if (rev.isPresent() || key.isEmpty() || !listable) {
      rev.ifPresent(x -> doc.put("_rev", x));
      db.putLocal(id(key), doc); // the acceptor's lock on the key keeps writers apart
      return;
    }
    int b = bucket(key);
    synchronized (bucketLocks[b]) {
      TreeSet<String> keys = bucketKeys(b);
      keys.add(key);
      doc.put("_id", "_local/" + id(key));
      write(doc, indexDoc(b, keys));
    }
  }

  @Override
  public void delete(String key) {
    requireListable();
    Optional<String> rev = rev(id(key));
    if (rev.isEmpty()) {
      return;
    }
    int b = bucket(key);
    synchronized (bucketLocks[b]) {
      TreeSet<String> keys = bucketKeys(b);
      keys.remove(key);
      ObjectNode tombstone = JSON.createObjectNode();
      tombstone.put("_id", "_local/" + id(key));
      tombstone.put("_rev", rev.get());
      tombstone.put("_deleted", true);
      write(tombstone, indexDoc(b, keys));
    }
  }

  @Override
  public List<String> keysAfter(String after, int limit) {
    requireListable();
    List<String> out = new ArrayList<>();
    int first = after.isEmpty() ? 0 : bucket(after);
    for (int b = first; b < BUCKETS && out.size() < limit; b++) {
      TreeSet<String> keys;
      synchronized (bucketLocks[b]) {
        keys = bucketKeys(b);
      }
      for (String k : b == first && !after.isEmpty() ? keys.tailSet(after, false) : keys) {
        if (out.size() == limit) {
          break;
        }
        out.add(k);
      }
    }
    return out;
  }

  private void requireListable() {
    if (!listable) {
      throw new UnsupportedOperationException(
          "acceptor records of " + db.name() + " predate the key index");
    }
  }

  private Optional<String> rev(String localId) {
    try {
      return Optional.of(db.getLocal(localId).get("_rev").asText());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private TreeSet<String> bucketKeys(int b) {
    TreeSet<String> keys = new TreeSet<>();
    try {
      for (JsonNode k : db.getLocal(bucketId(b)).path("keys")) {
        keys.add(k.asText());
      }
    } catch (NotFoundException e) {
      // an empty bucket
    }
    return keys;
  }

  private ObjectNode indexDoc(int b, TreeSet<String> keys) {
    ObjectNode index = JSON.createObjectNode();
    index.put("_id", "_local/" + bucketId(b));
    rev(bucketId(b)).ifPresent(x -> index.put("_rev", x));
    ArrayNode arr = index.putArray("keys");
    keys.forEach(arr::add);
    return index;
  }

  /** Both documents in one batch: one durable write, both or neither. */
  private void write(ObjectNode record, ObjectNode index) {
    for (BulkResult r : db.bulkDocs(List.of(record, index), true)) {
      if (!r.isOk()) {
        throw r.error();
      }
    }
  }
}
