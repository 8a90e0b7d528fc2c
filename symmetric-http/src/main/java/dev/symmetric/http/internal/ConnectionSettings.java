package dev.symmetric.http.internal;

/** What every connection of one server shares. */
record ConnectionSettings(
    Dispatcher dispatcher,
    ResponseRenderer renderer,
    com.fasterxml.jackson.databind.ObjectMapper mapper,
    InFlight inFlight,
    int maxPipelinedRequests,
    long streamBufferBytesMax,
    long streamWriteTimeoutMillis,
    boolean secure,
    DrainSignal drain) {}
