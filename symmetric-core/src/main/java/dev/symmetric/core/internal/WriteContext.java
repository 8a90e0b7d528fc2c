package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import dev.symmetric.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one group commit while its writes are applied in order: the batch being built,
 * documents already changed in this group (later writes in the group must see them), and the cache
 * updates to publish once the batch is durable.
 */
final class WriteContext {
  final WriteBatch batch = new WriteBatch();
  final Map<String, DocRecord> pending = new HashMap<>();

  /** A body stored under its own key (not the winner's, which is in the record). */
  record BodyRef(String id, Revision rev) {}

  /** Bodies under their own keys written in this group; a {@code null} value is a deletion. */
  final Map<BodyRef, byte[]> pendingBodies = new HashMap<>();

  /** Local documents written in this group; a {@code null} value is a deletion. */
  final Map<String, byte[]> pendingLocal = new HashMap<>();

  final List<Runnable> afterCommit = new ArrayList<>();
  long seq;
  long docCount;
  long delCount;
  int docChanges;

  WriteContext(DatabaseState state) {
    this.seq = state.updateSeq();
    this.docCount = state.docCount();
    this.delCount = state.delCount();
  }

  DatabaseState newState() {
    return new DatabaseState(seq, docCount, delCount);
  }
}
