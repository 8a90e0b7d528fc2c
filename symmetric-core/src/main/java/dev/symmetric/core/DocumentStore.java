package dev.symmetric.core;

import dev.symmetric.core.internal.DefaultDocumentStore;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of named databases of revisioned JSON documents, with CouchDB's semantics, on one local
 * storage engine. The entry point of symmetric-core:
 *
 * <pre>{@code
 * try (DocumentStore store = DocumentStore.builder().dataDir(Path.of("data")).build()) {
 *   Database orders = store.createDatabase("orders");
 *   ObjectNode order = new ObjectMapper().createObjectNode().put("_id", "o1").put("total", 12);
 *   WriteResult w = orders.put(order);
 *   Document read = orders.get("o1");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing the store closes the storage engine it was built with.
 */
public interface DocumentStore extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates an empty database.
   *
   * @throws BadRequestException when the name breaks CouchDB's naming rules
   * @throws PreconditionFailedException ({@code file_exists}) when it exists already
   */
  Database createDatabase(String name);

  /**
   * The database called {@code name}.
   *
   * @throws NotFoundException when there is none
   */
  Database database(String name);

  /** The database called {@code name}, if it exists. */
  Optional<Database> findDatabase(String name);

  /**
   * Deletes a database and every document in it.
   *
   * @throws NotFoundException when there is none
   */
  void deleteDatabase(String name);

  /** The names of all databases, sorted. */
  List<String> databaseNames();

  /**
   * A random id created with the store's storage and kept for its lifetime; replicators use it to
   * tell peers apart across restarts (CouchDB's server {@code uuid}).
   */
  String uuid();

  /** Closes every database and the storage engine. Idempotent. */
  @Override
  void close();

  /** Composes a {@link DocumentStore}; each setter validates its argument at once. */
  final class Builder {
    private Path dataDir;
    private StorageEngine storage;
    private Durability durability = Durability.SYNC;
    private long cacheBytes = 32L << 20;
    private int revsLimit = 1000;
    private int groupCommitDocsMax = 1024;
    private boolean retainNonLeafBodies;

    private Builder() {}

    /** Stores data with RocksDB under {@code dir} (the default engine). */
    public Builder dataDir(Path dir) {
      if (storage != null) {
        throw new IllegalStateException("choose either dataDir or storage, not both");
      }
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Stores data in {@code engine}; the store closes it when closed. */
    public Builder storage(StorageEngine engine) {
      if (dataDir != null) {
        throw new IllegalStateException("choose either dataDir or storage, not both");
      }
      Objects.requireNonNull(engine, "engine");
      if (engine.spiVersion() != StorageEngine.SPI_VERSION) {
        throw new IllegalArgumentException(
            "storage engine implements SPI version "
                + engine.spiVersion()
                + " but this store needs "
                + StorageEngine.SPI_VERSION);
      }
      this.storage = engine;
      return this;
    }

    /**
     * When a write is acknowledged: {@link Durability#SYNC} (the default) after an fsync, {@link
     * Durability#WAL} once in the write-ahead log (survives a process crash, not a power loss).
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Memory for cached revision trees and bodies; 0 disables the cache. Default 32 MiB. */
    public Builder cacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cacheBytes must be >= 0, was " + bytes);
      }
      this.cacheBytes = bytes;
      return this;
    }

    /** Revisions kept per branch for new databases; older ancestors are stemmed. Default 1000. */
    public Builder revsLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("revsLimit must be >= 1, was " + limit);
      }
      this.revsLimit = limit;
      return this;
    }

    /** Most document changes committed with one storage write. Default 1024. */
    public Builder groupCommitDocsMax(int docs) {
      if (docs < 1) {
        throw new IllegalArgumentException("groupCommitDocsMax must be >= 1, was " + docs);
      }
      this.groupCommitDocsMax = docs;
      return this;
    }

    /**
     * Keep the bodies of revisions that are no longer leaves until {@link Database#compact()}, as
     * CouchDB does. By default they are dropped in the write that supersedes them, which keeps
     * storage small; replication only ever needs leaves.
     */
    public Builder retainNonLeafBodies(boolean retain) {
      this.retainNonLeafBodies = retain;
      return this;
    }

    public DocumentStore build() {
      StorageEngine engine = storage;
      if (engine == null) {
        if (dataDir == null) {
          throw new IllegalStateException("set dataDir(..) or storage(..) before build()");
        }
        engine = StorageEngines.rocksDb(dataDir);
      }
      return new DefaultDocumentStore(
          engine, durability, cacheBytes, revsLimit, groupCommitDocsMax, retainNonLeafBodies);
    }
  }
}
