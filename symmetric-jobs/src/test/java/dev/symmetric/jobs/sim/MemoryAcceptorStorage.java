package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.jobs.spi.AcceptorStorage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A disk that survives crashes of the simulated node that owns it. */
final class MemoryAcceptorStorage implements AcceptorStorage {
  private final Map<String, AcceptorRecord> records = new HashMap<>();

  @Override
  public synchronized Optional<AcceptorRecord> load(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized void save(String key, AcceptorRecord record) {
    records.put(key, record);
  }
}
