package dev.symmetric.core.internal.storage;

import dev.symmetric.core.RocksDbOptions;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/** The native option objects for one database, built from {@link RocksDbOptions}. */
final class RocksDbConfig implements AutoCloseable {
  private static final double BLOOM_BITS_PER_KEY = 10;

  /** Share of each write buffer given to its bloom filter (RocksDB suggests up to 0.25). */
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  private static final long INFO_LOG_FILE_BYTES_MAX = 8L << 20;
  private static final long INFO_LOG_FILES_MAX = 3;

  final Options options;
  final LRUCache blockCache;
  private final BloomFilter bloomFilter;

  /** Smallest cache shard: a shard must hold the blocks it caches, or reads reload them. */
  private static final long CACHE_SHARD_BYTES_MIN = 4L << 20;

  private static final int CACHE_SHARD_BITS_MAX = 6;

  RocksDbConfig(RocksDbOptions settings) {
    blockCache = new LRUCache(settings.blockCacheBytes(), shardBits(settings.blockCacheBytes()));
    bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY, false);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(blockCache)
            .setFilterPolicy(bloomFilter)
            // Index and filter blocks count against the cache bound instead of growing unbounded.
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            // Partitioned so a large table file's index and filter are many small blocks that fit
            // the cache: an unpartitioned multi-MB block is evicted and reloaded on every read of
            // a missing key, which made inserts slow down in proportion to the database size.
            .setIndexType(IndexType.kTwoLevelIndexSearch)
            .setPartitionFilters(true)
            .setPinTopLevelIndexAndFilter(true);
    options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(settings.writeBufferBytes())
            .setMaxWriteBufferNumber(settings.maxWriteBuffers())
            .setMaxOpenFiles(settings.maxOpenFiles())
            // Filters on the last level too: lookups of missing ids are common in replication.
            .setOptimizeFiltersForHits(false)
            // And in the memtables: every new document is first looked up, and most recent
            // writes are still there, so a missing id would otherwise search each memtable.
            .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
            .setMemtableWholeKeyFiltering(true)
            .setKeepLogFileNum(INFO_LOG_FILES_MAX)
            .setMaxLogFileSize(INFO_LOG_FILE_BYTES_MAX)
            .setTableFormatConfig(table);
    options.setCompressionType(CompressionType.NO_COMPRESSION);
  }

  /** Shards of at least {@link #CACHE_SHARD_BYTES_MIN}, at most 2^6 of them. */
  static int shardBits(long cacheBytes) {
    int bits = 0;
    while (bits < CACHE_SHARD_BITS_MAX && (cacheBytes >> (bits + 1)) >= CACHE_SHARD_BYTES_MIN) {
      bits++;
    }
    return bits;
  }

  /** The compressions to try in order; a native build may lack some of them. */
  static CompressionType[] compressionPreference(boolean enabled) {
    return enabled
        ? new CompressionType[] {
          CompressionType.LZ4_COMPRESSION,
          CompressionType.SNAPPY_COMPRESSION,
          CompressionType.NO_COMPRESSION
        }
        : new CompressionType[] {CompressionType.NO_COMPRESSION};
  }

  @Override
  public void close() {
    options.close();
    bloomFilter.close();
    blockCache.close();
  }
}
