package dev.symmetric.http.internal;

import dev.symmetric.http.Principal;
import dev.symmetric.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Works out who a request comes from: a basic user, a peer with the cluster secret, or nobody. */
public final class Authenticator {
  static final String SECRET_HEADER = "X-Symmetric-Secret";
  static final Principal LOCAL_ADMIN = new Principal("_local", true, false);
  private static final byte[] NO_SALT = new byte[0];

  /** Thrown for credentials that were presented but are wrong. */
  static final class BadCredentials extends Exception {
    private static final long serialVersionUID = 1L;

    BadCredentials(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, BasicUser> users = new HashMap<>();
  private final byte[] secretDigest;
  private final boolean disabled;
  private final BasicUser decoy = Credentials.user("_decoy", "_decoy", false);

  Authenticator(List<BasicUser> users, byte[] secretDigest) {
    users.forEach(u -> this.users.put(u.name(), u));
    this.secretDigest = secretDigest;
    this.disabled = users.isEmpty() && secretDigest == null;
  }

  Optional<Principal> authenticate(Request request) throws BadCredentials {
    if (disabled) {
      // Only allowed for a loopback-bound server, checked by the builder.
      return Optional.of(LOCAL_ADMIN);
    }
    Optional<String> secret = request.header(SECRET_HEADER);
    if (secret.isPresent() && secretDigest != null) {
      if (!Credentials.matches(NO_SALT, secret.get(), secretDigest)) {
        throw new BadCredentials("wrong cluster secret");
      }
      return Optional.of(new Principal("_peer", false, true));
    }
    Optional<String> authorization = request.header("Authorization");
    if (authorization.isEmpty()) {
      return Optional.empty();
    }
    String value = authorization.get();
    if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new BadCredentials("only Basic authentication is supported");
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadCredentials("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new BadCredentials("malformed Basic credentials");
    }
    BasicUser user = users.get(decoded.substring(0, colon));
    // Check the decoy for unknown names so timing does not reveal which names exist.
    BasicUser check = user == null ? decoy : user;
    boolean ok =
        Credentials.matches(check.salt(), decoded.substring(colon + 1), check.passwordDigest());
    if (user == null || !ok) {
      throw new BadCredentials("name or password is incorrect");
    }
    return Optional.of(new Principal(user.name(), user.admin(), false));
  }
}
