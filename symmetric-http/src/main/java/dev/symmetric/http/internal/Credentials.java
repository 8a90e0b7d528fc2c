package dev.symmetric.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Salted digests and constant-time comparison for passwords and the cluster secret. */
public final class Credentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Credentials() {}

  public static BasicUser user(String name, String password, boolean admin) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new BasicUser(name, salt, digest(salt, password), admin);
  }

  public static byte[] digest(byte[] salt, String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return md.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** Compares digests of equal length in time independent of where they differ. */
  public static boolean matches(byte[] salt, String candidate, byte[] expectedDigest) {
    return MessageDigest.isEqual(digest(salt, candidate), expectedDigest);
  }
}
