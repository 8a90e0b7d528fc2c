package dev.symmetric.core;

/** One answer of {@link Database#openRevs}: the document at a revision, or a missing revision. */
public record OpenRevResult(Document doc, Revision missing) {

  public static OpenRevResult ok(Document doc) {
    return new OpenRevResult(doc, null);
  }

  public static OpenRevResult missing(Revision rev) {
    return new OpenRevResult(null, rev);
  }

  public boolean isOk() {
    return doc != null;
  }
}
