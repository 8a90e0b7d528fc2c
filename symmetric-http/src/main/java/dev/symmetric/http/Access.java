package dev.symmetric.http;

/** What a caller must prove before a route's handler runs. */
public enum Access {
  /** Anyone may call. */
  PUBLIC,
  /** Reads (GET, HEAD) are public; every other method needs an authenticated caller. */
  AUTHENTICATED_WRITES,
  /** Every method needs an authenticated caller: a basic user or a peer holding the secret. */
  AUTHENTICATED,
  /** Only a basic user with the admin role. */
  ADMIN
}
