package dev.symmetric.jobs.spi;

import java.util.Optional;

/**
 * Where an acceptor keeps its promises. {@link #save} must be durable when it returns (an fsync,
 * not a buffered write): the acceptor answers only afterwards, and a restarted acceptor that forgot
 * a promise could grant two holders.
 */
public interface AcceptorStorage {

  Optional<AcceptorRecord> load(String key);

  void save(String key, AcceptorRecord record);
}
