package dev.symmetric.core;

import java.util.Objects;

/**
 * Settings of the RocksDB storage engine, tuned by default for a small footprint: a node on a
 * modest box should not lose hundreds of megabytes to caches it does not need. Immutable; build one
 * with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Memory used is roughly {@code blockCacheBytes + writeBufferBytes * maxWriteBuffers}.
 */
public final class RocksDbOptions {
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 8L << 20;
  public static final int DEFAULT_MAX_WRITE_BUFFERS = 2;
  public static final int DEFAULT_MAX_OPEN_FILES = 512;

  /** RocksDB raises smaller write buffers to this size anyway. */
  static final long MIN_WRITE_BUFFER_BYTES = 64L << 10;

  private static final RocksDbOptions DEFAULTS = builder().build();

  private final long blockCacheBytes;
  private final long writeBufferBytes;
  private final int maxWriteBuffers;
  private final int maxOpenFiles;
  private final boolean compression;

  private RocksDbOptions(Builder b) {
    this.blockCacheBytes = b.blockCacheBytes;
    this.writeBufferBytes = b.writeBufferBytes;
    this.maxWriteBuffers = b.maxWriteBuffers;
    this.maxOpenFiles = b.maxOpenFiles;
    this.compression = b.compression;
  }

  public static RocksDbOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .blockCacheBytes(blockCacheBytes)
        .writeBufferBytes(writeBufferBytes)
        .maxWriteBuffers(maxWriteBuffers)
        .maxOpenFiles(maxOpenFiles)
        .compression(compression);
  }

  /** Capacity of the LRU cache for data, index and filter blocks. */
  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  /** Size of one memtable before it is flushed to disk. */
  public long writeBufferBytes() {
    return writeBufferBytes;
  }

  /** Memtables kept in memory at most, the one being written included. */
  public int maxWriteBuffers() {
    return maxWriteBuffers;
  }

  /** Table files kept open at most, or -1 for no limit. */
  public int maxOpenFiles() {
    return maxOpenFiles;
  }

  /** Whether table files are compressed (LZ4, or the best the native build offers). */
  public boolean compression() {
    return compression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocksDbOptions other
        && blockCacheBytes == other.blockCacheBytes
        && writeBufferBytes == other.writeBufferBytes
        && maxWriteBuffers == other.maxWriteBuffers
        && maxOpenFiles == other.maxOpenFiles
        && compression == other.compression;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        blockCacheBytes, writeBufferBytes, maxWriteBuffers, maxOpenFiles, compression);
  }

  @Override
  public String toString() {
    return "RocksDbOptions{blockCacheBytes="
        + blockCacheBytes
        + ", writeBufferBytes="
        + writeBufferBytes
        + ", maxWriteBuffers="
        + maxWriteBuffers
        + ", maxOpenFiles="
        + maxOpenFiles
        + ", compression="
        + compression
        + "}";
  }

  /** Validates each setting as it is given, so a mistake points at the line that made it. */
  public static final class Builder {
    private long blockCacheBytes = DEFAULT_BLOCK_CACHE_BYTES;
    private long writeBufferBytes = DEFAULT_WRITE_BUFFER_BYTES;
    private int maxWriteBuffers = DEFAULT_MAX_WRITE_BUFFERS;
    private int maxOpenFiles = DEFAULT_MAX_OPEN_FILES;
    private boolean compression = true;

    private Builder() {}

    /** Capacity of the block cache; must be positive. Default 32 MiB. */
    public Builder blockCacheBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("blockCacheBytes must be positive, got " + bytes);
      }
      this.blockCacheBytes = bytes;
      return this;
    }

    /** Size of one memtable; at least 64 KiB. Default 8 MiB. */
    public Builder writeBufferBytes(long bytes) {
      if (bytes < MIN_WRITE_BUFFER_BYTES) {
        throw new IllegalArgumentException(
            "writeBufferBytes must be at least " + MIN_WRITE_BUFFER_BYTES + ", got " + bytes);
      }
      this.writeBufferBytes = bytes;
      return this;
    }

    /**
     * Memtables kept at most, between 2 (one being written while one flushes) and 64. Default 2.
     */
    public Builder maxWriteBuffers(int count) {
      if (count < 2 || count > 64) {
        throw new IllegalArgumentException("maxWriteBuffers must be in [2, 64], got " + count);
      }
      this.maxWriteBuffers = count;
      return this;
    }

    /**
     * Table files kept open; at least 20 (RocksDB's own floor), or -1 for no limit. Default 512.
     */
    public Builder maxOpenFiles(int count) {
      if (count != -1 && count < 20) {
        throw new IllegalArgumentException(
            "maxOpenFiles must be at least 20, or -1 for no limit, got " + count);
      }
      this.maxOpenFiles = count;
      return this;
    }

    /** Whether to compress table files. Default on. */
    public Builder compression(boolean enabled) {
      this.compression = enabled;
      return this;
    }

    public RocksDbOptions build() {
      return new RocksDbOptions(this);
    }
  }
}
