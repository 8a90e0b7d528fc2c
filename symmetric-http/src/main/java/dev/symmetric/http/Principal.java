package dev.symmetric.http;

import java.util.Objects;

/**
 * Who made a request, once a filter has authenticated it.
 *
 * @param name the basic-auth user name, or {@code "_peer"} for a cluster peer
 * @param admin whether the caller holds the admin role
 * @param peer whether the caller proved the cluster secret
 */
public record Principal(String name, boolean admin, boolean peer) {
  public Principal {
    Objects.requireNonNull(name, "name");
  }
}
