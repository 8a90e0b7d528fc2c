package dev.symmetric.core;

/** A successful write: the document id and the revision it now has. */
public record WriteResult(String id, Revision rev) {}
