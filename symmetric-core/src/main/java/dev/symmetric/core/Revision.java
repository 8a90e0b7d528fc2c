package dev.symmetric.core;

/**
 * A document revision id, {@code N-hash}: {@code N} is the revision's depth in its document's
 * revision tree (1 for a first edit), {@code hash} names the edit.
 *
 * <p>Revisions order by generation, then by hash compared character by character; that order breaks
 * ties when picking a document's winning revision, so every node picks the same one.
 */
public record Revision(int generation, String hash) implements Comparable<Revision> {

  /** Longest hash accepted; CouchDB and PouchDB use 32 hex digits. */
  public static final int HASH_LENGTH_MAX = 128;

  public Revision {
    if (generation < 0) {
      throw new BadRequestException("Invalid rev format: generation must not be negative");
    }
    if (hash == null || hash.isEmpty() || hash.length() > HASH_LENGTH_MAX) {
      throw new BadRequestException("Invalid rev format: hash must have 1 to 128 characters");
    }
    for (int i = 0; i < hash.length(); i++) {
      char c = hash.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        throw new BadRequestException("Invalid rev format: hash must be letters and digits");
      }
    }
  }

  /**
   * Parses {@code N-hash}.
   *
   * @throws BadRequestException when {@code text} is not a revision id
   */
  public static Revision parse(String text) {
    if (text == null) {
      throw new BadRequestException("Invalid rev format");
    }
    int dash = text.indexOf('-');
    if (dash <= 0 || dash > 10) {
      throw new BadRequestException("Invalid rev format: " + abbreviate(text));
    }
    int generation = 0;
    for (int i = 0; i < dash; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new BadRequestException("Invalid rev format: " + abbreviate(text));
      }
      generation = generation * 10 + (c - '0');
      if (generation < 0 || generation > 1_000_000_000) {
        throw new BadRequestException("Invalid rev format: generation too large");
      }
    }
    return new Revision(generation, text.substring(dash + 1));
  }

  @Override
  public int compareTo(Revision o) {
    int c = Integer.compare(generation, o.generation);
    return c != 0 ? c : hash.compareTo(o.hash);
  }

  @Override
  public String toString() {
    return generation + "-" + hash;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
