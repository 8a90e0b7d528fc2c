package dev.symmetric.core.internal;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.PreconditionFailedException;
import dev.symmetric.core.StorageException;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The databases of one storage engine. */
public final class DefaultDocumentStore implements DocumentStore {
  private static final Logger log = LoggerFactory.getLogger(DefaultDocumentStore.class);

  /** Threads committing asynchronous writes; each waits on storage, so a few go a long way. */
  private static final int COMMIT_THREADS = 4;

  /** Longest close waits for queued asynchronous writes to commit. */
  private static final long COMMIT_DRAIN_SECONDS_MAX = 10;

  private final StorageEngine engine;
  private final Durability durability;
  private final DocCache cache;
  private final int defaultRevsLimit;
  private final int groupCommitDocsMax;
  private final boolean retainNonLeafBodies;
  private final ConcurrentSkipListMap<String, DefaultDatabase> databases =
      new ConcurrentSkipListMap<>();
  private final Object lifecycle = new Object();

  /**
   * Commits the groups of asynchronous writes. At most one drain per database is queued at a time,
   * so the queue is bounded by the number of databases.
   */
  private final ThreadPoolExecutor committers;

  private long nextDbId;
  private String uuid;
  private volatile boolean closed;

  public DefaultDocumentStore(
      StorageEngine engine,
      Durability durability,
      long cacheBytes,
      int defaultRevsLimit,
      int groupCommitDocsMax,
      boolean retainNonLeafBodies) {
    this.engine = engine;
    this.durability = durability;
    this.cache = new DocCache(cacheBytes);
    this.defaultRevsLimit = defaultRevsLimit;
    this.groupCommitDocsMax = groupCommitDocsMax;
    this.retainNonLeafBodies = retainNonLeafBodies;
    AtomicInteger threadCount = new AtomicInteger();
    this.committers =
        new ThreadPoolExecutor(
            COMMIT_THREADS,
            COMMIT_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "symmetric-commit-" + threadCount.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.committers.allowCoreThreadTimeOut(true);
    try {
      load();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private void load() {
    byte[] id = engine.get(Keys.storeUuid());
    if (id == null) {
      uuid = UUID.randomUUID().toString().replace("-", "");
      write(
          new WriteBatch()
              .put(Keys.storeUuid(), uuid.getBytes(StandardCharsets.US_ASCII))
              .put(Keys.layout(), ByteBuffer.allocate(4).putInt(Keys.LAYOUT_VERSION).array()),
          "record the store's uuid");
    } else {
      checkLayout(engine.get(Keys.layout()));
      uuid = new String(id, StandardCharsets.US_ASCII);
    }
    byte[] next = engine.get(Keys.nextDbId());
    nextDbId = next == null ? 1 : ByteBuffer.wrap(next).getLong();
    try (Cursor c = engine.scan(KeyRange.prefix(Keys.metaPrefix()))) {
      while (c.next()) {
        String name = Keys.metaName(c.key());
        DatabaseMeta meta = DatabaseMeta.decode(c.value());
        databases.put(name, open(name, meta, stateOf(meta.dbId())));
      }
    }
    log.info("Opened document store with {} databases", databases.size());
  }

  /**
   * Refuses a store written in another layout: reading it as this one would return wrong documents
   * rather than fail.
   */
  private static void checkLayout(byte[] stored) {
    int version = stored == null ? 1 : stored.length == 4 ? ByteBuffer.wrap(stored).getInt() : -1;
    if (version == Keys.LAYOUT_VERSION) {
      return;
    }
    throw new StorageException(
        version == 1
            ? "The store was written in storage layout 1, which this version cannot read (it reads"
                + " layout "
                + Keys.LAYOUT_VERSION
                + "). Open it with the version that wrote it and replicate its databases into a"
                + " new, empty store."
            : "The store was written in storage layout "
                + (version < 0 ? "(unreadable)" : version)
                + ", which this version cannot read (it reads layout "
                + Keys.LAYOUT_VERSION
                + "). Open it with the version that wrote it.",
        null);
  }

  /** A database's counters: those of its newest changes-index entry (see {@link SeqEntry}). */
  private DatabaseState stateOf(long dbId) {
    KeyRange seqs = KeyRange.between(Keys.space(Keys.SEQ, dbId), Keys.space(Keys.SEQ, dbId + 1));
    try (Cursor c = engine.scan(seqs.descending())) {
      if (!c.next()) {
        return DatabaseState.EMPTY;
      }
      SeqEntry newest = SeqEntry.decode(c.value());
      return new DatabaseState(Keys.seqOf(c.key()), newest.docCount(), newest.delCount());
    }
  }

  private DefaultDatabase open(String name, DatabaseMeta meta, DatabaseState state) {
    return new DefaultDatabase(
        this,
        name,
        meta,
        state,
        engine,
        cache,
        durability,
        retainNonLeafBodies,
        groupCommitDocsMax,
        committers);
  }

  @Override
  public Database createDatabase(String name) {
    Names.checkDatabaseName(name);
    synchronized (lifecycle) {
      checkOpen();
      if (databases.containsKey(name)) {
        throw new PreconditionFailedException(
            "file_exists", "The database could not be created, the file already exists.");
      }
      long id = nextDbId;
      DatabaseMeta meta = new DatabaseMeta(id, System.currentTimeMillis() * 1000, defaultRevsLimit);
      WriteBatch batch = new WriteBatch();
      batch.put(Keys.nextDbId(), ByteBuffer.allocate(8).putLong(id + 1).array());
      batch.put(Keys.meta(name), meta.encode());
      write(batch, "create database " + name);
      nextDbId = id + 1;
      DefaultDatabase db = open(name, meta, DatabaseState.EMPTY);
      databases.put(name, db);
      log.info("Created database {}", name);
      return db;
    }
  }

  @Override
  public Database database(String name) {
    return findDatabase(name).orElseThrow(() -> new NotFoundException("Database does not exist."));
  }

  @Override
  public Optional<Database> findDatabase(String name) {
    checkOpen();
    return Optional.ofNullable(databases.get(name));
  }

  @Override
  public void deleteDatabase(String name) {
    synchronized (lifecycle) {
      checkOpen();
      DefaultDatabase db = databases.get(name);
      if (db == null) {
        throw new NotFoundException("Database does not exist.");
      }
      db.committer()
          .exclusively(
              () -> {
                WriteBatch batch = new WriteBatch();
                batch.delete(Keys.meta(name));
                for (byte space : Keys.DB_SPACES) {
                  batch.deleteRange(Keys.space(space, db.dbId()), Keys.space(space, db.dbId() + 1));
                }
                write(batch, "delete database " + name);
                databases.remove(name);
                db.markDropped();
              });
      cache.invalidateDatabase(db.dbId());
      log.info("Deleted database {}", name);
    }
  }

  @Override
  public List<String> databaseNames() {
    checkOpen();
    return new ArrayList<>(databases.keySet());
  }

  @Override
  public String uuid() {
    return uuid;
  }

  void writeMeta(String name, DatabaseMeta meta, Durability d) {
    synchronized (lifecycle) {
      if (databases.containsKey(name)) {
        write(new WriteBatch().put(Keys.meta(name), meta.encode()), "update database " + name);
      }
    }
  }

  private void write(WriteBatch batch, String what) {
    try {
      engine.write(batch, Durability.SYNC);
    } catch (StorageFailure e) {
      throw new StorageException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the document store is closed");
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      // Wait for in-flight group commits so none writes to a closed engine.
      for (DefaultDatabase db : databases.values()) {
        db.committer().exclusively(() -> {});
      }
      closed = true;
      committers.shutdown();
      try {
        if (!committers.awaitTermination(COMMIT_DRAIN_SECONDS_MAX, TimeUnit.SECONDS)) {
          log.warn("Closing the store with asynchronous writes still committing");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      engine.close();
      log.info("Closed document store");
    }
  }
}
