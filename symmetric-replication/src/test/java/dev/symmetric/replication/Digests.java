package dev.symmetric.replication;

import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What two replicas must agree on after replication: per document, every leaf (with its deletion
 * flag and body) and the winner. Revision trees may differ in stemmed ancestors, so those are left
 * out of the digest and checked separately with {@link #knownRevisions}.
 */
public final class Digests {
  private Digests() {}

  /** One line per document id: {@code id -> winner=..; leaves=[rev(d)#bodyhash, ...]}. */
  public static SortedMap<String, String> describe(Database db) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Change ch : db.changes(ChangesRequest.since(0).withAllLeaves(true)).results()) {
      List<OpenRevResult> leaves = db.openRevs(ch.id(), null, false, false);
      Set<String> parts = new TreeSet<>();
      for (OpenRevResult r : leaves) {
        if (r.isOk()) {
          Document d = r.doc();
          parts.add(
              d.rev()
                  + (d.deleted() ? "(d)" : "")
                  + "#"
                  + Integer.toHexString(d.body().hashCode()));
        }
      }
      out.put(ch.id(), "winner=" + ch.revs().get(0) + "; leaves=" + parts);
    }
    return out;
  }

  /** A short hash of {@link #describe}. */
  public static String of(Database db) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      describe(db)
          .forEach(
              (id, d) -> md.update((id + "\u0000" + d + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every {@code id@rev} the database knows: leaves and the ancestors in their histories. */
  public static Set<String> knownRevisions(Database db) {
    Set<String> out = new TreeSet<>();
    for (Change ch : db.changes(ChangesRequest.since(0).withAllLeaves(true)).results()) {
      for (OpenRevResult r : db.openRevs(ch.id(), null, false, true)) {
        if (r.isOk()) {
          for (Revision ancestor : r.doc().revisions()) {
            out.add(ch.id() + "@" + ancestor);
          }
          out.add(ch.id() + "@" + r.doc().rev());
        }
      }
    }
    return out;
  }
}
