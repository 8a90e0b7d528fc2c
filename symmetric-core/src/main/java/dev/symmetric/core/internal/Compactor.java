package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import dev.symmetric.core.StorageException;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drops bodies of revisions that are no longer leaves. Works in chunks, each under the database's
 * write lock, so it never races a write that is adding a leaf; writers wait at most one chunk.
 */
final class Compactor {
  /** Bodies examined per chunk, bounding how long writers wait. */
  static final int CHUNK_BODIES = 1_000;

  private final DefaultDatabase db;
  private final StorageEngine engine;
  private final GroupCommitter committer;
  private final long dbId;
  private final Durability durability;

  Compactor(
      DefaultDatabase db,
      StorageEngine engine,
      GroupCommitter committer,
      long dbId,
      Durability durability) {
    this.db = db;
    this.engine = engine;
    this.committer = committer;
    this.dbId = dbId;
    this.durability = durability;
  }

  long run() {
    byte[] next = Keys.space(Keys.BODY, dbId);
    byte[] end = Keys.space(Keys.BODY, dbId + 1);
    long removed = 0;
    while (next != null) {
      long[] chunkRemoved = new long[1];
      byte[][] resume = new byte[1][];
      byte[] from = next;
      committer.exclusively(() -> resume[0] = chunk(from, end, chunkRemoved));
      removed += chunkRemoved[0];
      next = resume[0];
    }
    return removed;
  }

  /** Compacts up to a chunk from {@code from}; returns where to resume, or null when done. */
  private byte[] chunk(byte[] from, byte[] end, long[] removed) {
    WriteBatch batch = new WriteBatch();
    List<Runnable> evictions = new ArrayList<>();
    byte[] resume = null;
    int seen = 0;
    try (Cursor c = engine.scan(KeyRange.between(from, end))) {
      while (c.next()) {
        byte[] key = c.key();
        if (seen++ == CHUNK_BODIES) {
          resume = key;
          break;
        }
        String id = Keys.bodyDocId(key);
        int prefixLength =
            Keys.bodyPrefix(dbId, id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).length;
        Revision rev = Revision.parse(Keys.bodyRev(key, prefixLength));
        DocRecord rec = db.record(id);
        if (rec == null || !rec.tree().isLeaf(rev)) {
          batch.delete(Arrays.copyOf(key, key.length));
          evictions.add(() -> db.evictBody(id, rev));
        }
      }
    }
    if (!batch.isEmpty()) {
      try {
        engine.write(batch, durability);
      } catch (StorageFailure e) {
        throw new StorageException("compaction could not write: " + e.getMessage(), e);
      }
      evictions.forEach(Runnable::run);
      removed[0] = batch.size();
    }
    return resume;
  }
}
