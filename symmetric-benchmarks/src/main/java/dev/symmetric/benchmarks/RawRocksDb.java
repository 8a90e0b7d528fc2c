package dev.symmetric.benchmarks;

import dev.symmetric.core.RocksDbOptions;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A RocksDB database opened with the settings the store's engine uses for {@link
 * RocksDbOptions#defaults()} (block cache, bloom filter, write buffers, LZ4), so that a raw
 * baseline differs from the store only by what the store does on top.
 */
final class RawRocksDb implements AutoCloseable {
  final RocksDB db;
  private final LRUCache blockCache;
  private final BloomFilter bloomFilter;
  private final Options options;

  RawRocksDb(Path dir) {
    RocksDB.loadLibrary();
    RocksDbOptions defaults = RocksDbOptions.defaults();
    blockCache = new LRUCache(defaults.blockCacheBytes());
    bloomFilter = new BloomFilter(10, false);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(blockCache)
            .setFilterPolicy(bloomFilter)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
    options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(defaults.writeBufferBytes())
            .setMaxWriteBufferNumber(defaults.maxWriteBuffers())
            .setMaxOpenFiles(defaults.maxOpenFiles())
            .setOptimizeFiltersForHits(false)
            .setCompressionType(
                defaults.compression()
                    ? CompressionType.LZ4_COMPRESSION
                    : CompressionType.NO_COMPRESSION)
            .setTableFormatConfig(table);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      close();
      throw new IllegalStateException("cannot open RocksDB at " + dir, e);
    }
  }

  void flush() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (db != null) {
      db.close();
    }
    options.close();
    bloomFilter.close();
    blockCache.close();
  }
}
