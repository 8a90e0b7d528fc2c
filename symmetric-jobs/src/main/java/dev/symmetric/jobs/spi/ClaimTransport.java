package dev.symmetric.jobs.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Carries claim messages to a member's acceptor: HTTP between nodes, a simulated network in tests.
 * A transport may lose, delay or duplicate messages; the protocol stays safe, only slower.
 */
@FunctionalInterface
public interface ClaimTransport {

  /**
   * Delivers {@code request} to member {@code memberId}; completes with its answer, or
   * exceptionally when none arrives. The caller bounds the wait with its own timeout.
   */
  CompletableFuture<ClaimReply> send(String memberId, ClaimRequest request);
}
