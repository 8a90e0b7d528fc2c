package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names new revisions from their content, as CouchDB does: the same edit of the same parent gets
 * the same revision on every node, so identical edits made twice merge into one.
 */
final class RevisionHasher {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK must provide MD5", e);
            }
          });

  private RevisionHasher() {}

  /** The revision that {@code body} (deleted or not) creates on top of {@code parent}. */
  static Revision next(Revision parent, boolean deleted, byte[] body) {
    MessageDigest md = MD5.get();
    md.reset();
    md.update((byte) (deleted ? 1 : 0));
    if (parent != null) {
      md.update(parent.toString().getBytes(StandardCharsets.US_ASCII));
    }
    md.update((byte) 0);
    md.update(body);
    byte[] d = md.digest();
    char[] hex = new char[d.length * 2];
    for (int i = 0; i < d.length; i++) {
      hex[2 * i] = HEX[(d[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[d[i] & 0xF];
    }
    return new Revision(parent == null ? 1 : parent.generation() + 1, new String(hex));
  }
}
