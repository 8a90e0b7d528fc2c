package dev.symmetric.core.spi;

/** How durable a write must be before {@link StorageEngine#write} returns. */
public enum Durability {
  /** Fsync the write-ahead log before acknowledging: survives power loss. */
  SYNC,
  /** Append to the write-ahead log without fsync: survives a process crash, not an OS crash. */
  WAL
}
