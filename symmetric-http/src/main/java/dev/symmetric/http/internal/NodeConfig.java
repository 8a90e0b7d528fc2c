package dev.symmetric.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.http.HttpServerBuilder;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.spi.NodeComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A node's settings as its builder validated them. */
public record NodeConfig(
    String nodeId,
    String host,
    int port,
    Path dataDir,
    StorageEngine storage,
    Durability durability,
    String databasePath,
    Map<String, String> admins,
    String clusterSecret,
    List<URI> peers,
    Map<String, HttpService> services,
    List<NodeComponent> components,
    ObjectMapper objectMapper,
    Consumer<HttpServerBuilder> httpTuning,
    String version) {}
