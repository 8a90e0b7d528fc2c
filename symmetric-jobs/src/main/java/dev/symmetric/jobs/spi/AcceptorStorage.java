package dev.symmetric.jobs.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where an acceptor keeps its promises. {@link #save} must be durable when it returns (an fsync,
 * not a buffered write): the acceptor answers only afterwards, and a restarted acceptor that forgot
 * a promise could grant two holders.
 *
 * <p>{@link #keysAfter} and {@link #delete} are optional. With them, a member that has to learn the
 * other members' records after a membership change copies them all at once, and the acceptor
 * forgets keys that have been idle for long (docs/jobs.md, "Membership" and "Forgetting idle
 * keys"). Without them, such a member learns each key from the others the first time it votes on
 * it, and records are kept forever.
 */
public interface AcceptorStorage {

  Optional<AcceptorRecord> load(String key);

  void save(String key, AcceptorRecord record);

  /**
   * Up to {@code limit} keys that have a record, in an order of this storage's own that does not
   * change while keys come and go, starting after {@code after} ({@code ""}: from the first). A key
   * saved before the call and not deleted since is listed by a walk from {@code ""} to the end.
   *
   * @throws UnsupportedOperationException when this storage cannot list its keys
   */
  default List<String> keysAfter(String after, int limit) {
    throw new UnsupportedOperationException("this acceptor storage cannot list its keys");
  }

  /**
   * Removes the record of {@code key}, durably when it returns; nothing when there is none.
   *
   * @throws UnsupportedOperationException when this storage cannot delete records
   */
  default void delete(String key) {
    throw new UnsupportedOperationException("this acceptor storage cannot delete records");
  }
}
