package dev.symmetric.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.symmetric.core.Revision;
import java.util.function.Function;

/**
 * Hot document records and bodies, shared by every database of a store and bounded by weight.
 * Entries are loaded by reads. Records are immutable and replaced after each commit; bodies never
 * change for a revision and are only invalidated when dropped.
 */
final class DocCache {
  private record RecordKey(long dbId, String docId) {}

  private record BodyKey(long dbId, String docId, Revision rev) {}

  private final Cache<Object, Object> cache;

  DocCache(long maxBytes) {
    this.cache =
        maxBytes == 0
            ? null
            : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher(DocCache::weigh)
                .executor(Runnable::run)
                .build();
  }

  /**
   * Heap bytes an entry holds, key and cache node included, so that {@code maxBytes} bounds the
   * heap: a heap histogram of a node with 60,000 one-revision documents cached showed about 700
   * bytes per document, where the earlier estimate (64 per record plus 64 per revision, 96 per
   * body) counted about 330, and a node under -Xmx64m ran out of heap at about 77,000 documents.
   */
  private static int weigh(Object key, Object value) {
    // The cache's node and hash-map entry, about 72 bytes, plus the key (docId on top).
    int entry = 72 + (key instanceof RecordKey r ? 24 + 40 + r.docId().length() : 32);
    if (value instanceof byte[] b) {
      return entry + 16 + b.length;
    }
    return entry + ((DocRecord) value).weight();
  }

  DocRecord record(long dbId, String docId, Function<String, DocRecord> loader) {
    if (cache == null) {
      return loader.apply(docId);
    }
    return (DocRecord) cache.get(new RecordKey(dbId, docId), k -> loader.apply(docId));
  }

  byte[] body(long dbId, String docId, Revision rev, Function<Revision, byte[]> loader) {
    if (cache == null) {
      return loader.apply(rev);
    }
    return (byte[]) cache.get(new BodyKey(dbId, docId, rev), k -> loader.apply(rev));
  }

  /**
   * Replaces the cached record of a document that is cached; caches nothing otherwise. Writes keep
   * the cache current but do not fill it: a document enters the cache when it is read, so a stream
   * of new documents does not evict the ones being read, nor pay for cache entries no one asks for.
   * A read loading the same key concurrently is serialised with this by the cache's map, so it
   * cannot leave the older record behind.
   */
  void replaceRecord(long dbId, String docId, DocRecord record) {
    if (cache != null) {
      cache.asMap().replace(new RecordKey(dbId, docId), record);
    }
  }

  void invalidateBody(long dbId, String docId, Revision rev) {
    if (cache != null) {
      cache.invalidate(new BodyKey(dbId, docId, rev));
    }
  }

  void invalidateDatabase(long dbId) {
    if (cache != null) {
      cache
          .asMap()
          .keySet()
          .removeIf(
              k ->
                  (k instanceof RecordKey r && r.dbId() == dbId)
                      || (k instanceof BodyKey b && b.dbId() == dbId));
    }
  }
}
