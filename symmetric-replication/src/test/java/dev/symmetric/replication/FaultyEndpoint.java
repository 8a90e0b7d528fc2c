package dev.symmetric.replication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointException;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.WriteFailure;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An endpoint that misbehaves on purpose, in front of a real one: fails the first N calls, fails
 * calls with a probability (half before forwarding, half after, so the effect happened but the
 * answer was lost), sends each {@code writeReplicated} twice, and delays answers. Seeded, so a
 * failing run repeats.
 */
public final class FaultyEndpoint implements Endpoint {
  private final Endpoint inner;
  private final Random random;
  private final AtomicInteger failFirst;
  private final double failProbability;
  private final boolean duplicateWrites;
  private final long delayMillisMax;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger changesCalls = new AtomicInteger();

  private FaultyEndpoint(Builder b) {
    this.inner = b.inner;
    this.random = b.random;
    this.failFirst = new AtomicInteger(b.failFirst);
    this.failProbability = b.failProbability;
    this.duplicateWrites = b.duplicateWrites;
    this.delayMillisMax = b.delayMillisMax;
  }

  public static Builder wrap(Endpoint inner) {
    return new Builder(inner);
  }

  /** Calls made to this endpoint. */
  public int calls() {
    return calls.get();
  }

  /** Failures injected so far. */
  public int injectedFailures() {
    return injected.get();
  }

  /** Changes requests made so far (to tell waiting from polling). */
  public int changesCalls() {
    return changesCalls.get();
  }

  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public CompletableFuture<EndpointInfo> info() {
    return call(inner::info);
  }

  @Override
  public CompletableFuture<Void> createDatabase() {
    return call(inner::createDatabase);
  }

  @Override
  public CompletableFuture<Optional<ObjectNode>> getLocal(String id) {
    return call(() -> inner.getLocal(id));
  }

  @Override
  public CompletableFuture<Void> putLocal(String id, ObjectNode doc) {
    return call(() -> inner.putLocal(id, doc));
  }

  @Override
  public CompletableFuture<ChangesBatch> changes(ChangesQuery query) {
    changesCalls.incrementAndGet();
    return call(() -> inner.changes(query));
  }

  @Override
  public CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs) {
    return call(() -> inner.revsDiff(revs));
  }

  @Override
  public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
    return call(() -> inner.fetch(wanted));
  }

  @Override
  public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
    if (!duplicateWrites) {
      return call(() -> inner.writeReplicated(docs));
    }
    return call(() -> inner.writeReplicated(docs).thenCompose(r -> inner.writeReplicated(docs)));
  }

  @Override
  public CompletableFuture<Void> ensureFullCommit() {
    return call(inner::ensureFullCommit);
  }

  private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> forward) {
    calls.incrementAndGet();
    boolean fail;
    boolean afterForwarding;
    synchronized (random) {
      fail =
          failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0
              || (failProbability > 0 && random.nextDouble() < failProbability);
      afterForwarding = random.nextBoolean();
    }
    CompletableFuture<T> result;
    if (fail && !afterForwarding) {
      injected.incrementAndGet();
      result = CompletableFuture.failedFuture(new EndpointException(503, "injected failure"));
    } else if (fail) {
      injected.incrementAndGet();
      result =
          forward
              .get()
              .handle(
                  (v, e) -> {
                    throw new EndpointException(503, "injected failure after the call");
                  });
    } else {
      result = forward.get();
    }
    if (delayMillisMax <= 0) {
      return result;
    }
    long delay;
    synchronized (random) {
      delay = (long) (random.nextDouble() * delayMillisMax);
    }
    Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
    return result.handleAsync((v, e) -> e == null ? result : result, later).thenCompose(f -> f);
  }

  /** Which faults to inject. */
  public static final class Builder {
    private final Endpoint inner;
    private Random random = new Random(1);
    private int failFirst;
    private double failProbability;
    private boolean duplicateWrites;
    private long delayMillisMax;

    private Builder(Endpoint inner) {
      this.inner = Objects.requireNonNull(inner, "inner");
    }

    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Fail the first {@code n} calls. */
    public Builder failFirst(int n) {
      this.failFirst = n;
      return this;
    }

    /** Fail each call with probability {@code p}. */
    public Builder failProbability(double p) {
      this.failProbability = p;
      return this;
    }

    /** Send every {@code writeReplicated} twice, as a retried request that did arrive. */
    public Builder duplicateWrites(boolean on) {
      this.duplicateWrites = on;
      return this;
    }

    /** Delay each answer by up to this long. */
    public Builder delayMillisMax(long millis) {
      this.delayMillisMax = millis;
      return this;
    }

    public FaultyEndpoint build() {
      return new FaultyEndpoint(this);
    }
  }
}
