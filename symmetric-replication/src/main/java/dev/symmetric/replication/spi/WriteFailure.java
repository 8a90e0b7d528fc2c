package dev.symmetric.replication.spi;

/** A document a target refused, with CouchDB's error name and reason. */
public record WriteFailure(String id, String rev, String error, String reason) {}
