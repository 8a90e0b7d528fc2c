package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReplicationPropertyTest {

  /** One step: an edit on one side, or a replication in one direction. */
  record Step(int kind, boolean onA, int doc, int value) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 9))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 100)
  void bidirectionalReplicationConvergesAndKeepsEveryRevision(@ForAll("steps") List<Step> steps)
      throws Exception {
    try (DocumentStore a = TestDbs.store();
        DocumentStore b = TestDbs.store()) {
      Database da = a.createDatabase("p");
      Database db = b.createDatabase("p");
      Set<String> written = new HashSet<>();
      for (Step s : steps) {
        Database side = s.onA() ? da : db;
        switch (s.kind()) {
          case 0, 1 -> edit(side, "doc" + s.doc(), s.value(), false, written);
          case 2 -> edit(side, "doc" + s.doc(), s.value(), true, written);
          case 3 -> replicate(a, da, b, db);
          default -> replicate(b, db, a, da);
        }
      }
      replicate(a, da, b, db);
      replicate(b, db, a, da);

      assertThat(Digests.describe(db)).isEqualTo(Digests.describe(da));
      assertThat(Digests.knownRevisions(da)).containsAll(written);
      assertThat(Digests.knownRevisions(db)).containsAll(written);
    }
  }

  private static void edit(Database db, String id, int value, boolean delete, Set<String> written) {
    ObjectNode doc = TestDbs.doc(id).put("v", value);
    try {
      String rev = db.get(id).rev().toString();
      doc.put("_rev", rev);
    } catch (NotFoundException e) {
      // a new document, or one whose winner is deleted: write a new first revision on top
      List<String> leaves = new ArrayList<>();
      try {
        db.openRevs(id, null, false, false)
            .forEach(
                r -> {
                  if (r.isOk()) {
                    leaves.add(r.doc().rev().toString());
                  }
                });
      } catch (NotFoundException missing) {
        // never written here
      }
      if (!leaves.isEmpty()) {
        if (delete) {
          return;
        }
        leaves.sort(null);
        doc.put("_rev", leaves.get(leaves.size() - 1));
      }
    }
    if (delete && doc.has("_rev")) {
      doc.put("_deleted", true);
    }
    WriteResult w = db.put(doc);
    written.add(id + "@" + w.rev());
  }

  private static void replicate(DocumentStore from, Database src, DocumentStore to, Database tgt)
      throws Exception {
    try (Replication r =
        Replication.builder(Endpoints.local(src, from.uuid()), Endpoints.local(tgt, to.uuid()))
            .replicatorId(from.uuid())
            .batchDocsMax(3)
            .build()
            .start()) {
      ReplicationStatus s = r.completion().get(20, TimeUnit.SECONDS);
      assertThat(s.state()).as("%s", s).isEqualTo(ReplicationState.COMPLETED);
    }
  }
}
