package dev.symmetric.http;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.internal.db.DatabaseApiRoutes;
import dev.symmetric.http.internal.db.DbSettings;
import dev.symmetric.http.internal.db.Feeds;
import java.util.Objects;

/**
 * The CouchDB-compatible database API over a {@link DocumentStore}: what CouchDB's replicator and
 * PouchDB use, plus the everyday document API, with CouchDB's JSON shapes and status codes. Mount
 * it under a base path:
 *
 * <pre>{@code
 * DatabaseApi api = DatabaseApi.builder(store).build();
 * HttpServer server = HttpServer.builder().service("/db", api).build();
 * // http://host:port/db/orders is now a database URL a replicator can use
 * }</pre>
 *
 * <p>Waiting feeds ({@code _changes?feed=longpoll|continuous|eventsource}) hold no thread while
 * they wait. Close the API after the server to stop its feed threads.
 */
public final class DatabaseApi implements HttpService, AutoCloseable {
  private final DatabaseApiRoutes routes;
  private final Feeds feeds;

  private DatabaseApi(Builder b) {
    this.feeds = new Feeds(b.feedThreadsMax);
    this.routes =
        new DatabaseApiRoutes(
            b.store,
            new DbSettings(b.feedWaitMillisMax, b.heartbeatMillisMin, b.bulkDocsMax, 1_000),
            feeds,
            b.version);
  }

  public static Builder builder(DocumentStore store) {
    return new Builder(store);
  }

  @Override
  public void routing(Routes r) {
    routes.register(r);
  }

  @Override
  public void close() {
    feeds.close();
  }

  /** Settings of the database API; each is checked when set. */
  public static final class Builder {
    private final DocumentStore store;
    private long feedWaitMillisMax = 600_000;
    private long heartbeatMillisMin = 1_000;
    private int bulkDocsMax = 10_000;
    private int feedThreadsMax = 32;
    private String version = "0.1.0";

    private Builder(DocumentStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** Longest a waiting feed stays open without a {@code timeout} of its own. Default 10 min. */
    public Builder feedWaitMillisMax(long millis) {
      if (millis < 1) {
        throw new IllegalArgumentException("feedWaitMillisMax must be >= 1, was " + millis);
      }
      this.feedWaitMillisMax = millis;
      return this;
    }

    /** Shortest heartbeat interval honoured. Default 1 s. */
    public Builder heartbeatMillisMin(long millis) {
      if (millis < 1) {
        throw new IllegalArgumentException("heartbeatMillisMin must be >= 1, was " + millis);
      }
      this.heartbeatMillisMin = millis;
      return this;
    }

    /** Most documents in one bulk request. Default 10,000. */
    public Builder bulkDocsMax(int docs) {
      if (docs < 1) {
        throw new IllegalArgumentException("bulkDocsMax must be >= 1, was " + docs);
      }
      this.bulkDocsMax = docs;
      return this;
    }

    /** Threads that serve woken feeds. Default 32. */
    public Builder feedThreadsMax(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("feedThreadsMax must be >= 1, was " + threads);
      }
      this.feedThreadsMax = threads;
      return this;
    }

    /** The version reported at the server root under {@code vendor}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public DatabaseApi build() {
      return new DatabaseApi(this);
    }
  }
}
