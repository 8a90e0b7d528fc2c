package dev.symmetric.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.http.Filter;
import dev.symmetric.http.ReadinessCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Everything a server was built with; validated by the builder. */
public record ServerConfig(
    String host,
    int port,
    String nodeId,
    String version,
    long maxBodyBytes,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    long requestReadTimeoutMillis,
    long idleTimeoutMillis,
    int maxConnections,
    int maxPipelinedRequests,
    int workerThreads,
    int workerQueueMax,
    long drainTimeoutMillis,
    long drainGraceMillis,
    int compressionMinBytes,
    long streamBufferBytesMax,
    long streamWriteTimeoutMillis,
    ObjectMapper objectMapper,
    List<RouteSpec> routes,
    List<Filter> filters,
    List<BasicUser> users,
    byte[] clusterSecretDigest,
    Path tlsCertChainPem,
    Path tlsKeyPem,
    boolean operationsEnabled,
    PrometheusMeterRegistry meterRegistry,
    Runnable onDrained,
    Map<String, ReadinessCheck> readinessChecks,
    Map<String, Supplier<?>> nodeInfo) {

  public boolean tls() {
    return tlsCertChainPem != null;
  }

  /** True when no credentials are configured: then only a loopback-bound server is allowed. */
  public boolean authDisabled() {
    return users.isEmpty() && clusterSecretDigest == null;
  }
}
