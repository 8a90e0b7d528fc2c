package dev.symmetric.replication.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a replicator learns about an endpoint before it starts.
 *
 * @param serverUuid the server's uuid (CouchDB's root {@code uuid})
 * @param updateSeq the database's current update sequence, as the server writes it
 * @param instanceStartTime changes when the database is deleted and created again
 */
public record EndpointInfo(String serverUuid, JsonNode updateSeq, String instanceStartTime) {}
