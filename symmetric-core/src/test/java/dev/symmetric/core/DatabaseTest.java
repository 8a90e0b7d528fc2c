package dev.symmetric.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.spi.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document semantics, on RocksDB: the engine a node really runs on. */
class DatabaseTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;
  DocumentStore store;
  Database db;

  @BeforeEach
  void open() {
    store = DocumentStore.builder().dataDir(dir).durability(Durability.WAL).build();
    db = store.createDatabase("orders");
  }

  @AfterEach
  void close() {
    store.close();
  }

  static ObjectNode json(String s) {
    try {
      return (ObjectNode) M.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void createsReadsAndUpdatesADocument() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    assertThat(w1.id()).isEqualTo("a");
    assertThat(w1.rev().generation()).isEqualTo(1);
    assertThat(w1.rev().hash()).hasSize(32);

    Document d = db.get("a");
    assertThat(d.rev()).isEqualTo(w1.rev());
    assertThat(d.body().get("n").asInt()).isEqualTo(1);
    assertThat(d.toJson().get("_id").asText()).isEqualTo("a");
    assertThat(d.toJson().get("_rev").asText()).isEqualTo(w1.rev().toString());

    WriteResult w2 = db.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':2}"));
    assertThat(w2.rev().generation()).isEqualTo(2);
    assertThat(db.get("a").body().get("n").asInt()).isEqualTo(2);
    assertThat(db.info().docCount()).isEqualTo(1);
    assertThat(db.info().updateSeq()).isEqualTo(2);
  }

  @Test
  void staleOrMissingRevisionIsAConflictAndChangesNothing() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    db.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':2}"));
    long seq = db.updateSeq();

    assertThatThrownBy(() -> db.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':3}")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> db.put(json("{'_id':'a','n':3}")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> db.put(json("{'_id':'new','_rev':'1-abc','n':3}")))
        .isInstanceOf(ConflictException.class);

    assertThat(db.updateSeq()).isEqualTo(seq);
    assertThat(db.get("a").body().get("n").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> db.get("new")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void sameEditOfSameParentYieldsSameRevisionOnAnyStore() {
    WriteResult here = db.put(json("{'_id':'a','n':1}"));
    Database other = store.createDatabase("other");
    WriteResult there = other.put(json("{'_id':'a','n':1}"));
    assertThat(there.rev()).isEqualTo(here.rev());
    assertThat(other.put(json("{'_id':'b','n':2}")).rev()).isNotEqualTo(here.rev());
  }

  @Test
  void deleteLeavesATombstoneAndRecreationGrowsFromIt() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    WriteResult del = db.delete("a", w1.rev());
    assertThat(del.rev().generation()).isEqualTo(2);
    assertThatThrownBy(() -> db.get("a"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("deleted");
    assertThat(db.info().docCount()).isZero();
    assertThat(db.info().docDelCount()).isEqualTo(1);

    Document tomb = db.get("a", GetOptions.defaults().withRev(del.rev()));
    assertThat(tomb.deleted()).isTrue();

    WriteResult again = db.put(json("{'_id':'a','n':3}"));
    assertThat(again.rev().generation()).isEqualTo(3);
    assertThat(db.info().docCount()).isEqualTo(1);
    assertThat(db.info().docDelCount()).isZero();
  }

  @Test
  void replicatedBranchesKeepEveryLeafAndPickCouchDbsWinner() {
    db.bulkDocs(
        List.of(
            json("{'_id':'x','_rev':'2-bbb','_revisions':{'start':2,'ids':['bbb','aaa']},'v':'b'}"),
            json("{'_id':'x','_rev':'2-ccc','_revisions':{'start':2,'ids':['ccc','aaa']},'v':'c'}"),
            json(
                "{'_id':'x','_rev':'3-ddd','_deleted':true,"
                    + "'_revisions':{'start':3,'ids':['ddd','bbb','aaa']}}")),
        false);
    // 3-ddd is deleted and longer, but a live leaf wins: 2-ccc (greater hash than 2-bbb is gone:
    // bbb now has a child).
    Document d = db.get("x", GetOptions.defaults().withConflicts(true).withDeletedConflicts(true));
    assertThat(d.rev()).hasToString("2-ccc");
    assertThat(d.conflicts()).isEmpty();
    assertThat(d.deletedConflicts()).extracting(Revision::toString).containsExactly("3-ddd");

    db.bulkDocs(
        List.of(json("{'_id':'x','_rev':'2-eee','_revisions':{'start':2,'ids':['eee','aaa']}}")),
        false);
    d = db.get("x", GetOptions.defaults().withConflicts(true));
    assertThat(d.rev()).hasToString("2-eee");
    assertThat(d.conflicts()).extracting(Revision::toString).containsExactly("2-ccc");
    assertThat(db.info().docCount()).isEqualTo(1);
  }

  @Test
  void replicatingTheSameRevisionTwiceIsANoop() {
    ObjectNode doc = json("{'_id':'x','_rev':'1-aaa','v':1}");
    db.bulkDocs(List.of(doc), false);
    long seq = db.updateSeq();
    List<BulkResult> again = db.bulkDocs(List.of(doc), false);
    assertThat(again.get(0).isOk()).isTrue();
    assertThat(db.updateSeq()).isEqualTo(seq);
  }

  @Test
  void replicatingAKnownRevisionAsDeletedDoesNotTurnItIntoATombstone() {
    db.bulkDocs(List.of(json("{'_id':'x','_rev':'1-aaa','v':1}")), false);
    long seq = db.updateSeq();
    db.bulkDocs(List.of(json("{'_id':'x','_rev':'1-aaa','_deleted':true}")), false);
    assertThat(db.get("x").body().get("v").asInt()).isEqualTo(1);
    assertThat(db.updateSeq()).isEqualTo(seq);
  }

  @Test
  void revisionsAndRevsInfoDescribeHistory() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    WriteResult w2 = db.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':2}"));
    Document d = db.get("a", GetOptions.defaults().withRevisions(true).withRevsInfo(true));
    assertThat(d.revisions()).containsExactly(w2.rev(), w1.rev());
    ObjectNode j = d.toJson();
    assertThat(j.at("/_revisions/start").asInt()).isEqualTo(2);
    assertThat(j.at("/_revisions/ids/0").asText()).isEqualTo(w2.rev().hash());
    assertThat(d.revsInfo())
        .containsExactly(new RevInfo(w2.rev(), "available"), new RevInfo(w1.rev(), "missing"));
  }

  @Test
  void openRevsWithLatestFollowsToTheLeaves() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    WriteResult w2 = db.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':2}"));
    List<OpenRevResult> r =
        db.openRevs("a", List.of(w1.rev(), Revision.parse("9-zzz")), true, true);
    assertThat(r).hasSize(2);
    assertThat(r.get(0).doc().rev()).isEqualTo(w2.rev());
    assertThat(r.get(0).doc().revisions()).containsExactly(w2.rev(), w1.rev());
    assertThat(r.get(1).missing()).hasToString("9-zzz");

    List<OpenRevResult> all = db.openRevs("a", null, false, false);
    assertThat(all).extracting(x -> x.doc().rev()).containsExactly(w2.rev());
  }

  @Test
  void revsDiffReportsMissingAndPossibleAncestors() {
    WriteResult w1 = db.put(json("{'_id':'a','n':1}"));
    Map<String, RevsDiff> diff =
        db.revsDiff(
            Map.of(
                "a", List.of(w1.rev(), Revision.parse("2-def")),
                "b", List.of(Revision.parse("1-abc"))));
    assertThat(diff.get("a").missing()).extracting(Revision::toString).containsExactly("2-def");
    assertThat(diff.get("a").possibleAncestors()).containsExactly(w1.rev());
    assertThat(diff.get("b").missing()).extracting(Revision::toString).containsExactly("1-abc");
    assertThat(db.revsDiff(Map.of("a", List.of(w1.rev())))).isEmpty();
  }

  @Test
  void changesListEachDocumentOnceAtItsLatestChange() {
    WriteResult a = db.put(json("{'_id':'a'}"));
    db.put(json("{'_id':'b'}"));
    db.put(json("{'_id':'a','_rev':'" + a.rev() + "','x':1}"));
    ChangesResult all = db.changes(ChangesRequest.since(0));
    assertThat(all.results()).extracting(Change::id).containsExactly("b", "a");
    assertThat(all.results()).extracting(Change::seq).containsExactly(2L, 3L);
    assertThat(all.lastSeq()).isEqualTo(3);

    ChangesResult page = db.changes(ChangesRequest.since(0).withLimit(1));
    assertThat(page.results()).extracting(Change::id).containsExactly("b");
    assertThat(page.lastSeq()).isEqualTo(2);
    assertThat(page.pending()).isEqualTo(1);

    ChangesResult rest = db.changes(ChangesRequest.since(page.lastSeq()).withIncludeDocs(true));
    assertThat(rest.results()).hasSize(1);
    assertThat(rest.results().get(0).doc().body().get("x").asInt()).isEqualTo(1);

    assertThat(db.changes(ChangesRequest.since(0).withDocIds(Set.of("a"))).results())
        .extracting(Change::id)
        .containsExactly("a");
    assertThat(db.changes(ChangesRequest.since(3)).results()).isEmpty();
    assertThat(db.changes(ChangesRequest.since(3)).lastSeq()).isEqualTo(3);
  }

  @Test
  void changesInAllDocsStyleListEveryLeaf() {
    db.bulkDocs(
        List.of(json("{'_id':'x','_rev':'1-aaa'}"), json("{'_id':'x','_rev':'1-bbb'}")), false);
    Change c = db.changes(ChangesRequest.since(0).withAllLeaves(true)).results().get(0);
    assertThat(c.revs()).extracting(Revision::toString).containsExactly("1-bbb", "1-aaa");
    Change w = db.changes(ChangesRequest.since(0)).results().get(0);
    assertThat(w.revs()).extracting(Revision::toString).containsExactly("1-bbb");
  }

  @Test
  void allDocsWalksIdsInOrderWithRangesAndKeys() {
    for (String id : List.of("c", "a", "b", "é", "B", "_design/x")) {
      db.put(json("{'_id':'" + id + "'}"));
    }
    WriteResult d = db.put(json("{'_id':'d'}"));
    db.delete("d", d.rev());

    assertThat(db.allDocs(AllDocsRequest.all()).rows())
        .extracting(AllDocsRow::id)
        .containsExactly("B", "_design/x", "a", "b", "c", "é");
    assertThat(db.allDocs(AllDocsRequest.all()).totalRows()).isEqualTo(6);
    assertThat(db.allDocs(AllDocsRequest.all().withRange("a", "c").withInclusiveEnd(false)).rows())
        .extracting(AllDocsRow::id)
        .containsExactly("a", "b");
    assertThat(db.allDocs(AllDocsRequest.all().withRange("c", "a").withDescending(true)).rows())
        .extracting(AllDocsRow::id)
        .containsExactly("c", "b", "a");
    assertThat(db.allDocs(AllDocsRequest.all().withSkip(1).withLimit(2)).rows())
        .extracting(AllDocsRow::id)
        .containsExactly("_design/x", "a");
    List<AllDocsRow> keyed =
        db.allDocs(AllDocsRequest.all().withKeys(List.of("b", "zz", "d"))).rows();
    assertThat(keyed.get(0).rev()).isNotNull();
    assertThat(keyed.get(1).error()).isEqualTo("not_found");
    assertThat(keyed.get(2).deleted()).isTrue();
    assertThatThrownBy(() -> db.allDocs(AllDocsRequest.all().withRange("c", "a")))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void localDocumentsHaveCountersAndStayOutOfFeeds() {
    WriteResult w = db.putLocal("_local/cp", json("{'seq':1}"));
    assertThat(w.rev()).hasToString("0-1");
    assertThat(db.getLocal("cp").get("seq").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> db.putLocal("cp", json("{'seq':2}")))
        .isInstanceOf(ConflictException.class);
    WriteResult w2 = db.putLocal("cp", json("{'_rev':'0-1','seq':2}"));
    assertThat(w2.rev()).hasToString("0-2");
    assertThat(db.getLocal("_local/cp").get("_rev").asText()).isEqualTo("0-2");
    assertThat(db.updateSeq()).isZero();
    assertThat(db.allDocs(AllDocsRequest.all()).rows()).isEmpty();
    db.deleteLocal("cp", w2.rev());
    assertThatThrownBy(() -> db.getLocal("cp")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void badInputIsRefusedWithAReasonAndChangesNothing() {
    assertThatThrownBy(() -> db.put(json("{'_id':'_bad'}")))
        .isInstanceOf(BadRequestException.class)
        .extracting(e -> ((SymmetricException) e).error())
        .isEqualTo("illegal_docid");
    assertThatThrownBy(() -> db.put(json("{'_id':'a','_foo':1}")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("_foo");
    assertThatThrownBy(() -> db.put(json("{'_id':'a','_rev':'nope'}")))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> db.put(json("{'_id':'a','_deleted':'yes'}")))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> db.put(json("{'_id':''}"))).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> db.put(json("{'_id':1}"))).isInstanceOf(BadRequestException.class);
    List<BulkResult> r =
        db.bulkDocs(List.of(json("{'_id':'ok'}"), json("{'_id':'x','_rev':'1-a'}")), false);
    assertThat(r.get(0).isOk()).isFalse();
    assertThat(r.get(1).isOk()).isTrue();
    assertThatThrownBy(() -> store.createDatabase("Bad Name"))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> store.createDatabase("orders"))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(db.info().docCount()).isEqualTo(1);
    assertThat(db.updateSeq()).isEqualTo(1);
  }

  @Test
  void bulkDocsWithNewEditsRefusesTheSecondEditOfTheSameDocument() {
    List<BulkResult> r =
        db.bulkDocs(List.of(json("{'_id':'a','v':1}"), json("{'_id':'a','v':2}")), true);
    assertThat(r.get(0).isOk()).isTrue();
    assertThat(r.get(1).error()).isInstanceOf(ConflictException.class);
    assertThat(db.get("a").body().get("v").asInt()).isEqualTo(1);
  }

  @Test
  void stemmingKeepsRevsLimitAncestorsAndEveryLeaf() {
    db.revsLimit(3);
    Revision rev = db.put(json("{'_id':'a','n':0}")).rev();
    for (int i = 1; i < 10; i++) {
      rev = db.put(json("{'_id':'a','_rev':'" + rev + "','n':" + i + "}")).rev();
    }
    Document d = db.get("a", GetOptions.defaults().withRevisions(true));
    assertThat(d.revisions()).hasSize(3);
    assertThat(d.rev().generation()).isEqualTo(10);
  }

  @Test
  void loweringRevsLimitDoesNotHideTheHistoryADocumentStillHas() {
    Revision rev = db.put(json("{'_id':'a','n':0}")).rev();
    for (int i = 1; i < 5; i++) {
      rev = db.put(json("{'_id':'a','_rev':'" + rev + "','n':" + i + "}")).rev();
    }
    db.revsLimit(2);
    GetOptions withHistory = GetOptions.defaults().withRevisions(true).withRevsInfo(true);
    Document d = db.get("a", withHistory);
    assertThat(d.revisions()).hasSize(5);
    assertThat(d.revisions().get(4).generation()).isEqualTo(1);
    assertThat(d.revsInfo()).hasSize(5);
    // The next edit stems to the new limit, and then that is what is stored.
    db.put(json("{'_id':'a','_rev':'" + rev + "','n':5}"));
    assertThat(db.get("a", withHistory).revisions()).hasSize(2);
  }

  @Test
  void waitersAreWokenByCommitsWithoutPolling() throws Exception {
    CompletableFuture<Long> f = db.awaitChangeAfter(0);
    assertThat(f).isNotDone();
    List<Long> seen = new ArrayList<>();
    AutoCloseable sub = db.onChange(seen::add);
    db.put(json("{'_id':'a'}"));
    assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(db.awaitChangeAfter(0)).isCompletedWithValue(1L);
    sub.close();
    db.put(json("{'_id':'b'}"));
    assertThat(seen).containsExactly(1L);
  }

  @Test
  void dataSurvivesReopening() {
    WriteResult w = db.put(json("{'_id':'a','n':1}"));
    db.putLocal("cp", json("{'s':1}"));
    String uuid = store.uuid();
    assertThat(uuid).hasSize(32);
    store.close();
    store = DocumentStore.builder().dataDir(dir).build();
    assertThat(store.uuid()).isEqualTo(uuid);
    Database again = store.database("orders");
    assertThat(again.get("a").rev()).isEqualTo(w.rev());
    assertThat(again.info().docCount()).isEqualTo(1);
    assertThat(again.updateSeq()).isEqualTo(1);
    assertThat(again.getLocal("cp").get("s").asInt()).isEqualTo(1);
    assertThat(again.put(json("{'_id':'b'}")).rev()).isNotNull();
    assertThat(again.updateSeq()).isEqualTo(2);
  }

  @Test
  void deletingADatabaseDropsItsDocumentsAndARecreatedOneStartsEmpty() {
    db.put(json("{'_id':'a'}"));
    store.deleteDatabase("orders");
    assertThatThrownBy(() -> db.get("a")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.database("orders")).isInstanceOf(NotFoundException.class);
    Database fresh = store.createDatabase("orders");
    assertThat(fresh.info().docCount()).isZero();
    assertThatThrownBy(() -> fresh.get("a")).isInstanceOf(NotFoundException.class);
    assertThat(store.databaseNames()).containsExactly("orders");
  }

  @Test
  void compactionDropsNonLeafBodiesWhenRetained() {
    store.close();
    store = DocumentStore.builder().dataDir(dir).retainNonLeafBodies(true).build();
    Database d = store.database("orders");
    WriteResult w1 = d.put(json("{'_id':'a','n':1}"));
    WriteResult w2 = d.put(json("{'_id':'a','_rev':'" + w1.rev() + "','n':2}"));
    assertThat(d.get("a", GetOptions.defaults().withRev(w1.rev())).body().get("n").asInt())
        .isEqualTo(1);
    assertThat(d.compact()).isEqualTo(1);
    assertThatThrownBy(() -> d.get("a", GetOptions.defaults().withRev(w1.rev())))
        .isInstanceOf(NotFoundException.class);
    assertThat(d.get("a").rev()).isEqualTo(w2.rev());
  }

  @Test
  void attachmentStubsCarryOverFromTheParent() {
    WriteResult w1 =
        db.put(
            json(
                "{'_id':'a','_attachments':{'f.txt':{'content_type':'text/plain','data':'aGk='}}}"));
    WriteResult w2 =
        db.put(
            json(
                "{'_id':'a','_rev':'"
                    + w1.rev()
                    + "','n':1,'_attachments':{'f.txt':{'stub':true}}}"));
    ObjectNode body = db.get("a").body();
    assertThat(body.at("/_attachments/f.txt/data").asText()).isEqualTo("aGk=");
    assertThat(w2.rev().generation()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                db.put(
                    json(
                        "{'_id':'a','_rev':'"
                            + w2.rev()
                            + "','_attachments':{'g.txt':{'stub':true}}}")))
        .isInstanceOf(PreconditionFailedException.class);
  }
}
