package dev.symmetric.replication.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A changes request as a replicator makes it.
 *
 * @param since the sequence to start after, as the source wrote it ({@code null}: from the start)
 * @param limit most rows
 * @param docIds only these documents, or {@code null}
 * @param waitMillis 0 for an immediate answer; otherwise wait up to this long for a change when
 *     there is none yet ({@code feed=longpoll})
 */
public record ChangesQuery(JsonNode since, int limit, Set<String> docIds, long waitMillis) {}
