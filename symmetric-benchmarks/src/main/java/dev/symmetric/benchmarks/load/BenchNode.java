package dev.symmetric.benchmarks.load;

import dev.symmetric.core.spi.Durability;
import dev.symmetric.http.SymmetricNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A node for HTTP load tests: the runnable node's setup plus two application routes answering
 * {@code {"hello":"world"}}: {@code GET /app/hello}, a plain {@code Handler} that runs on the
 * worker pool like any route that may block, and {@code GET /app/hello-async}, declared with {@code
 * getAsync} so it runs on the I/O thread, as a route that never blocks may choose to. Durability is
 * {@code SYNC}, as the node ships, or {@code WAL}.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.load.BenchNode \
 *     --port 5990 --data /tmp/bench-node [--durability WAL] [--worker-threads N]
 * }</pre>
 */
public final class BenchNode {
  private static final Map<String, String> HELLO = Map.of("hello", "world");

  private BenchNode() {}

  public static void main(String[] args) throws InterruptedException {
    Flags flags = Flags.parse(args);
    Durability durability = Durability.valueOf(flags.get("durability", "SYNC"));
    // The server's default (2 x cores, at least 4) unless given: it bounds concurrent writes.
    Optional<Integer> workerThreads =
        Optional.ofNullable(flags.get("worker-threads", null)).map(Integer::valueOf);
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(flags.get("node-id", "bench"))
            .port(flags.intValue("port", 5990))
            .dataDir(Path.of(flags.required("data")))
            .durability(durability)
            .service(
                "/app",
                routes ->
                    routes
                        .get("/hello", req -> HELLO)
                        .getAsync("/hello-async", req -> CompletableFuture.completedFuture(HELLO)))
            .http(http -> workerThreads.ifPresent(http::workerThreads))
            .build()
            .start();
    System.out.println("bench node serving " + node.baseUri() + " durability " + durability);
    node.drainOnJvmShutdown();
    node.awaitStop();
  }
}
