package dev.symmetric.examples.tickets;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.PreconditionFailedException;

/** The service's replicated databases on this node. */
record TicketsDatabases(Database events, Database customers, Database holds, Database bookings) {
  static final String EVENTS = "tickets-events";
  static final String CUSTOMERS = "tickets-customers";
  static final String HOLDS = "tickets-holds";
  static final String BOOKINGS = "tickets-bookings";

  /** Opens the databases, creating the ones this node does not have yet. */
  static TicketsDatabases open(DocumentStore store) {
    return new TicketsDatabases(
        open(store, EVENTS), open(store, CUSTOMERS), open(store, HOLDS), open(store, BOOKINGS));
  }

  private static Database open(DocumentStore store, String name) {
    return store
        .findDatabase(name)
        .orElseGet(
            () -> {
              try {
                return store.createDatabase(name);
              } catch (PreconditionFailedException e) {
                return store.database(name); // created meanwhile by the cluster's replication
              }
            });
  }
}
