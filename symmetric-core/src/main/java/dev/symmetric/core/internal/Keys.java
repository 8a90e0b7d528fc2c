package dev.symmetric.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key layout in the storage engine. Every database has a numeric id that is never reused, so
 * its keys can be dropped with range deletes and a recreated database starts clean.
 *
 * <pre>
 * 'U'                         the store's uuid
 * 'V'                         the layout version ({@link #LAYOUT_VERSION}) the store was written in
 * 'N'                         next database id
 * 'M' name                    database metadata
 * 'D' dbId docId              document record: latest sequence, revision tree, winner's body
 * 'R' dbId len(docId) docId rev   body of a revision other than the winner
 * 'S' dbId seq                id and leaves of the document whose latest change has that
 *                             sequence, and the database's counts after it
 * 'L' dbId localId            local document
 * </pre>
 *
 * Numbers are big-endian so that key order is numeric order.
 *
 * <p>Layout 1 kept every body, the winner's too, under an 'R' key and the counts under a 'C' key
 * written with every commit; layout 2 keeps the winner's body in the record and the counts in the
 * changes index, so a write has two keys fewer and a read of a document one read fewer.
 */
final class Keys {
  static final byte STORE_UUID = 'U';
  static final byte LAYOUT = 'V';
  static final byte NEXT_DB_ID = 'N';
  static final byte META = 'M';

  /** The layout this code reads and writes; see the class comment. */
  static final int LAYOUT_VERSION = 2;

  static final byte DOC = 'D';
  static final byte BODY = 'R';
  static final byte SEQ = 'S';
  static final byte LOCAL = 'L';

  /** Per-database key spaces, dropped together when the database is deleted. */
  static final byte[] DB_SPACES = {DOC, BODY, SEQ, LOCAL};

  private Keys() {}

  static byte[] storeUuid() {
    return new byte[] {STORE_UUID};
  }

  static byte[] layout() {
    return new byte[] {LAYOUT};
  }

  static byte[] nextDbId() {
    return new byte[] {NEXT_DB_ID};
  }

  static byte[] meta(String dbName) {
    byte[] name = dbName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length).put(META).put(name).array();
  }

  static byte[] metaPrefix() {
    return new byte[] {META};
  }

  static String metaName(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  /** The first key of a database's space {@code space}. */
  static byte[] space(byte space, long dbId) {
    return ByteBuffer.allocate(9).put(space).putLong(dbId).array();
  }

  static byte[] doc(long dbId, byte[] docId) {
    return ByteBuffer.allocate(9 + docId.length).put(DOC).putLong(dbId).put(docId).array();
  }

  static String docIdOf(byte[] docKey) {
    return new String(docKey, 9, docKey.length - 9, StandardCharsets.UTF_8);
  }

  static byte[] body(long dbId, byte[] docId, String rev) {
    byte[] r = rev.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(13 + docId.length + r.length)
        .put(BODY)
        .putLong(dbId)
        .putInt(docId.length)
        .put(docId)
        .put(r)
        .array();
  }

  /** The prefix of every body key of one document. */
  static byte[] bodyPrefix(long dbId, byte[] docId) {
    return ByteBuffer.allocate(13 + docId.length)
        .put(BODY)
        .putLong(dbId)
        .putInt(docId.length)
        .put(docId)
        .array();
  }

  /** The revision named by a body key, given the length of its document's prefix. */
  static String bodyRev(byte[] key, int prefixLength) {
    return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.US_ASCII);
  }

  /** The document id named by a body key. */
  static String bodyDocId(byte[] key) {
    int len = ByteBuffer.wrap(key, 9, 4).getInt();
    return new String(key, 13, len, StandardCharsets.UTF_8);
  }

  static byte[] seq(long dbId, long seq) {
    return ByteBuffer.allocate(17).put(SEQ).putLong(dbId).putLong(seq).array();
  }

  static long seqOf(byte[] seqKey) {
    return ByteBuffer.wrap(seqKey, 9, 8).getLong();
  }

  static byte[] local(long dbId, String localId) {
    byte[] id = localId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + id.length).put(LOCAL).putLong(dbId).put(id).array();
  }
}
