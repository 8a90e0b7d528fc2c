package dev.symmetric.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three in-process members each enqueue one-off jobs; every job must run exactly once across the
 * cluster, and its document on every member must end up {@code done} with the runner and token.
 */
class OneOffJobsTest {
  private static final int PER_NODE = 10;

  record Ran(String id, String node, String payload, long token) {}

  private final List<Ran> ran = new CopyOnWriteArrayList<>();
  private final JobsTestNodes nodes = new JobsTestNodes();
  private final Map<String, Jobs> jobsOf = new HashMap<>();

  @AfterEach
  void stop() {
    nodes.close();
  }

  private SymmetricNode start(String id, List<URI> seeds) {
    Cluster cluster = JobsTestNodes.cluster(seeds);
    Jobs jobs =
        JobsTestNodes.jobs(cluster, 500)
            .oneOff(
                "mail",
                ctx -> {
                  assertThat(ctx.stillHolder()).isTrue();
                  ran.add(new Ran(ctx.id(), id, ctx.payload(), ctx.token()));
                })
            .build();
    jobsOf.put(id, jobs);
    return nodes.start(id, cluster, jobs);
  }

  @Test
  void jobsEnqueuedAtEveryNodeRunExactlyOnceAndRecordTheirOutcome() {
    SymmetricNode a = start("a", List.of());
    start("b", List.of(a.baseUri()));
    nodes.awaitMembers(2);
    start("c", List.of(a.baseUri()));
    nodes.awaitMembers(3);

    assertThatThrownBy(() -> jobsOf.get("a").enqueue("nope", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oneOff");

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PER_NODE; i++) {
      for (String n : List.of("a", "b", "c")) {
        ids.add(jobsOf.get(n).enqueue("mail", n + "-" + i));
      }
    }
    JobsTestNodes.await(
        "every job done on every node",
        Duration.ofSeconds(30),
        () -> nodes.nodes().stream().allMatch(n -> doneDocs(n).size() == ids.size()));

    assertThat(ran).extracting(Ran::id).containsExactlyInAnyOrderElementsOf(ids);
    for (JsonNode doc : doneDocs(nodes.nodes().get(0))) {
      Ran r = ran.stream().filter(x -> x.id().equals(doc.path("_id").asText())).findFirst().get();
      assertThat(doc.path("node").asText()).isEqualTo(r.node());
      assertThat(doc.path("token").asLong()).isEqualTo(r.token());
      assertThat(doc.path("payload").asText()).isEqualTo(r.payload());
    }
    // Work spreads: rendezvous ranking by job id gives every member some of the jobs.
    assertThat(ran).extracting(Ran::node).contains("a", "b", "c");

    double okRuns = 0;
    for (SymmetricNode n : nodes.nodes()) {
      MeterRegistry registry = n.server().meterRegistry();
      okRuns += registry.get("symmetric.jobs.runs").tag("outcome", "ok").functionCounter().count();
      assertThat(
              registry
                  .get("symmetric.jobs.claims")
                  .tag("outcome", "acquired")
                  .functionCounter()
                  .count())
          .isPositive();
      assertThat(registry.get("symmetric.jobs.claim.acquire").timer().count()).isPositive();
    }
    assertThat(okRuns).as("runs counted in the nodes' registries").isEqualTo(ids.size());
  }

  private List<JsonNode> doneDocs(SymmetricNode n) {
    String range =
        "startkey="
            + URLEncoder.encode("\"queue:\"", StandardCharsets.UTF_8)
            + "&endkey="
            + URLEncoder.encode("\"queue:\ufff0\"", StandardCharsets.UTF_8);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode row :
        nodes.get(n, "/db/symmetric-jobs/_all_docs?include_docs=true&" + range).path("rows")) {
      if (row.path("doc").path("state").asText().equals("done")) {
        out.add(row.path("doc"));
      }
    }
    return out;
  }
}
