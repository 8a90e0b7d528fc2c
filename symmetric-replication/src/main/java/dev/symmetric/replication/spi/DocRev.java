package dev.symmetric.replication.spi;

/** A document id and one of its revisions. */
public record DocRev(String id, String rev) {}
