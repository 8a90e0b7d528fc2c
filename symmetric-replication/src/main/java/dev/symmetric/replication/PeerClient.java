package dev.symmetric.replication;

import dev.symmetric.replication.internal.HttpPeer;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The HTTP client replications use to reach remote databases: one {@code java.net.http.HttpClient}
 * (HTTP/1.1, keep-alive, connections reused across replications) with the node's credentials. Build
 * one per node and share it; close it when the node stops.
 */
public final class PeerClient implements AutoCloseable {
  private final HttpPeer peer;

  private PeerClient(HttpPeer peer) {
    this.peer = peer;
  }

  public static Builder builder() {
    return new Builder();
  }

  HttpPeer peer() {
    return peer;
  }

  /** Releases the client's threads; replications still using it fail with a transient error. */
  @Override
  public void close() {
    peer.close();
  }

  /** Composes a {@link PeerClient}; each setter validates its argument at once. */
  public static final class Builder {
    private String clusterSecret;
    private String user;
    private String password;
    private long connectTimeoutMillis = 10_000;
    private long requestTimeoutMillis = 60_000;
    private Executor executor;

    private Builder() {}

    /** Sent as {@code X-Symmetric-Secret} to every peer (the nodes' shared cluster secret). */
    public Builder clusterSecret(String secret) {
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("the cluster secret must not be empty");
      }
      this.clusterSecret = secret;
      return this;
    }

    /** HTTP basic credentials sent to every peer (CouchDB admins, node admins). */
    public Builder basicAuth(String user, String password) {
      if (user == null || user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("a user name is non-empty and has no ':'");
      }
      this.user = user;
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Longest wait for a TCP connection. Default 10 s. */
    public Builder connectTimeoutMillis(long millis) {
      if (millis < 1 || millis > 600_000) {
        throw new IllegalArgumentException("connectTimeoutMillis must be 1..600000, was " + millis);
      }
      this.connectTimeoutMillis = millis;
      return this;
    }

    /**
     * Longest wait for a whole response, on top of a longpoll's own wait. Default 60 s. A peer that
     * answers nothing for this long counts as away and is retried.
     */
    public Builder requestTimeoutMillis(long millis) {
      if (millis < 1 || millis > 3_600_000) {
        throw new IllegalArgumentException(
            "requestTimeoutMillis must be 1..3600000, was " + millis);
      }
      this.requestTimeoutMillis = millis;
      return this;
    }

    /** Threads for the HTTP client's work; default a pool of 4 daemon threads it owns. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public PeerClient build() {
      return new PeerClient(
          new HttpPeer(
              clusterSecret, user, password, connectTimeoutMillis, requestTimeoutMillis, executor));
    }
  }
}
