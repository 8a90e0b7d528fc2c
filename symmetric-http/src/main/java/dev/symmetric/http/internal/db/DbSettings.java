package dev.symmetric.http.internal.db;

/**
 * Bounds of the database API.
 *
 * @param feedWaitMillisMax longest a longpoll or continuous feed waits without a {@code timeout}
 * @param heartbeatMillisMin shortest heartbeat interval honoured, so a client cannot make the node
 *     spin
 * @param bulkDocsMax most documents accepted in one {@code _bulk_docs}, {@code _bulk_get} or {@code
 *     _revs_diff} request
 * @param uuidsMax most uuids one {@code _uuids} request may ask for
 */
public record DbSettings(
    long feedWaitMillisMax, long heartbeatMillisMin, int bulkDocsMax, int uuidsMax) {

  public static DbSettings defaults() {
    return new DbSettings(600_000, 1_000, 10_000, 1_000);
  }
}
