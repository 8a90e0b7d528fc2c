package dev.symmetric.core;

/**
 * One row of {@code _all_docs}: a document's id and winning revision, or, for a requested key, the
 * error {@code not_found}.
 *
 * @param id the document id ({@code null} when not found)
 * @param rev the winning revision ({@code null} when not found)
 * @param deleted whether the winner is a deletion (only for requested keys)
 * @param doc the document when asked for; {@code null} for a deleted one
 * @param key the requested key or the id
 * @param error {@code not_found}, or {@code null}
 */
public record AllDocsRow(
    String key, String id, Revision rev, boolean deleted, Document doc, String error) {}
