package dev.symmetric.jobs.spi;

/** The member set claims count their majorities in, as this node currently sees it. */
@FunctionalInterface
public interface MembershipSource {

  MembershipView view();
}
