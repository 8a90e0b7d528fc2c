package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A disk that survives crashes of the simulated node that owns it; it lists keys in order. */
final class MemoryAcceptorStorage implements AcceptorStorage {
  private final TreeMap<String, AcceptorRecord> records = new TreeMap<>();

  @Override
  public synchronized Optional<AcceptorRecord> load(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized void save(String key, AcceptorRecord record) {
    records.put(key, record);
  }

  @Override
  public synchronized List<String> keysAfter(String after, int limit) {
    List<String> out = new ArrayList<>();
    for (String key : records.tailMap(after, false).keySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(key);
    }
    return out;
  }

  @Override
  public synchronized void delete(String key) {
    records.remove(key);
  }

  /** How many keys have a record (the node-wide record included). */
  synchronized int size() {
    return records.size();
  }
}
