/**
 * Replication over the CouchDB replication protocol, with symmetric nodes, CouchDB, PouchDB and
 * pouchdb-server. The entry point is {@link dev.symmetric.replication.Replication#builder}; the two
 * ends come from {@link dev.symmetric.replication.Endpoints} (a local database, or a remote
 * database URL through a shared {@link dev.symmetric.replication.PeerClient}).
 */
package dev.symmetric.replication;
