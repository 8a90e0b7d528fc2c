package dev.symmetric.core.spi;

/**
 * An ordered key-value engine: the only thing Symmetric needs from local storage.
 *
 * <p>Keys and values are byte arrays; keys are ordered by unsigned lexicographic comparison ({@link
 * java.util.Arrays#compareUnsigned(byte[], byte[])}). Implementations must be safe for concurrent
 * use: reads may run concurrently with each other and with {@link #write}; a write batch is applied
 * atomically (a reader sees all of it or none of it, and so does a restart after a crash).
 *
 * <p>Every implementation is expected to pass the conformance suite in {@code symmetric-testing}
 * ({@code dev.symmetric.testing.StorageEngineConformance}).
 *
 * <p>SPI version {@value #SPI_VERSION}. The version changes whenever a method is added or its
 * contract changes, so an engine written against an older version fails fast instead of
 * misbehaving.
 */
public interface StorageEngine extends KeyValueReader, AutoCloseable {

  /** The version of this contract. */
  int SPI_VERSION = 1;

  /** The SPI version this engine implements; the store refuses to open engines it doesn't know. */
  default int spiVersion() {
    return SPI_VERSION;
  }

  /**
   * Applies every operation of {@code batch} atomically, in the order they were added.
   *
   * <p>With {@link Durability#SYNC} the call returns only once the batch would survive a power loss
   * (the write-ahead log is fsynced). With {@link Durability#WAL} it survives a crash of the
   * process but possibly not of the operating system.
   *
   * @throws StorageFailure if the engine cannot apply the batch; nothing of it is applied then
   */
  void write(WriteBatch batch, Durability durability);

  /**
   * A consistent read-only view of the engine as it is now. Writes made after this call are not
   * visible through it. The snapshot must be closed.
   */
  Snapshot snapshot();

  /** Forces buffered writes to durable storage (memtables to files, for an LSM engine). */
  void flush();

  /** Approximate figures for metrics; cheap to call. */
  StorageStats stats();

  /**
   * Releases every resource, closing the snapshots and cursors still open. Further calls fail with
   * {@link IllegalStateException}, except {@code close()} itself, which is harmless to repeat.
   */
  @Override
  void close();
}
