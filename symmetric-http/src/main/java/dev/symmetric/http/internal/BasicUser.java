package dev.symmetric.http.internal;

/**
 * A configured basic-auth user. Only a salted digest of the password is kept, so the plain text
 * does not linger in memory or heap dumps longer than the builder call.
 */
public record BasicUser(String name, byte[] salt, byte[] passwordDigest, boolean admin) {}
