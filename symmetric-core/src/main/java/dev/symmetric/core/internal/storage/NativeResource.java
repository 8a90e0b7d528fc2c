package dev.symmetric.core.internal.storage;

/** A snapshot or cursor holding native memory that must be freed before its database closes. */
interface NativeResource {

  /** Frees the native handles; idempotent. Called with the engine's guard held. */
  void release();
}
