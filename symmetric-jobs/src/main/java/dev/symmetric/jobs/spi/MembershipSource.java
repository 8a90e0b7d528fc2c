package dev.symmetric.jobs.spi;

import java.util.Optional;

/** The member set claims count their majorities in, as this node currently sees it. */
@FunctionalInterface
public interface MembershipSource {

  /**
   * The current view; empty while this node has not yet heard the cluster's member list (a node
   * that sees only itself would otherwise be its own majority). No claims are granted or voted for
   * meanwhile.
   */
  Optional<MembershipView> view();
}
