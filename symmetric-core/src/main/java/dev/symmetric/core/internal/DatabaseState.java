package dev.symmetric.core.internal;

/**
 * A database's counters, published as one value after each commit so readers see a matching set.
 * Stored in the newest changes-index entry ({@link SeqEntry}).
 */
record DatabaseState(long updateSeq, long docCount, long delCount) {

  static final DatabaseState EMPTY = new DatabaseState(0, 0, 0);
}
