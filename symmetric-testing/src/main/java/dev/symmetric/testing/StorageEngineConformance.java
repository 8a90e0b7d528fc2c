package dev.symmetric.testing;

import static dev.symmetric.testing.TestBytes.bytes;
import static dev.symmetric.testing.TestBytes.hex;
import static dev.symmetric.testing.TestBytes.longValue;
import static dev.symmetric.testing.TestBytes.numbered;
import static dev.symmetric.testing.TestBytes.toLong;
import static dev.symmetric.testing.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.KeyValueReader;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageStats;
import dev.symmetric.core.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link StorageEngine}, as tests. An engine author extends this class, says how to
 * open the engine and whether it persists, and runs it like any JUnit 5 test:
 *
 * <pre>{@code
 * class MyEngineConformanceTest extends StorageEngineConformance {
 *   protected StorageEngine openEngine(Path dir) { return MyEngine.open(dir); }
 *   protected boolean isPersistent() { return true; }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh engine in {@link #engine}; reopen tests run only for persistent
 * engines.
 */
public abstract class StorageEngineConformance {
  private static final long TIMEOUT_SECONDS = 60;

  /** The engine under test, opened before each test and closed after it. */
  protected StorageEngine engine;

  private Path engineDir;

  /**
   * Opens the engine on {@code dir}, which may not exist yet. Called again with the same directory
   * to reopen a persistent engine after {@link StorageEngine#close()}.
   */
  protected abstract StorageEngine openEngine(Path dir);

  /** Whether data written and closed is there after {@link #openEngine} on the same directory. */
  protected abstract boolean isPersistent();

  @BeforeEach
  final void openEngineUnderTest(@TempDir Path tempDir) {
    engineDir = tempDir.resolve("engine");
    engine = openEngine(engineDir);
  }

  @AfterEach
  final void closeEngineUnderTest() {
    if (engine != null) {
      engine.close();
    }
  }

  /** Closes the engine and opens it again on the same directory. */
  protected final void reopen() {
    engine.close();
    engine = openEngine(engineDir);
  }

  // ---- point reads and writes

  @Test
  void reportsTheCurrentSpiVersion() {
    assertThat(engine.spiVersion()).isEqualTo(StorageEngine.SPI_VERSION);
  }

  @Test
  void getOfMissingKeyIsNull() {
    assertThat(engine.get(utf8("missing"))).isNull();
    put("present", "v");
    assertThat(engine.get(utf8("presen"))).isNull();
    assertThat(engine.get(utf8("present!"))).isNull();
  }

  @Test
  void getReturnsWhatWasPut() {
    put("a", "1");
    put("b", "2");
    assertThat(engine.get(utf8("a"))).isEqualTo(utf8("1"));
    assertThat(engine.get(utf8("b"))).isEqualTo(utf8("2"));
  }

  @Test
  void putOverwrites() {
    put("a", "1");
    put("a", "22");
    assertThat(engine.get(utf8("a"))).isEqualTo(utf8("22"));
    assertThat(keys(engine, KeyRange.all())).containsExactly(hex(utf8("a")));
  }

  @Test
  void deleteRemovesOnlyThatKey() {
    put("a", "1");
    put("b", "2");
    write(new WriteBatch().delete(utf8("a")).delete(utf8("never-existed")));
    assertThat(engine.get(utf8("a"))).isNull();
    assertThat(engine.get(utf8("b"))).isEqualTo(utf8("2"));
  }

  @Test
  void emptyValueIsStoredAndDiffersFromMissing() {
    write(new WriteBatch().put(utf8("empty"), new byte[0]));
    assertThat(engine.get(utf8("empty"))).isNotNull().isEmpty();
    try (Cursor c = engine.scan(KeyRange.all())) {
      assertThat(c.next()).isTrue();
      assertThat(c.value()).isEmpty();
    }
  }

  @Test
  void batchAppliesItsOperationsInOrder() {
    put("deleted-then-put", "old");
    write(
        new WriteBatch()
            .put(utf8("put-twice"), utf8("1"))
            .put(utf8("put-twice"), utf8("2"))
            .put(utf8("put-then-deleted"), utf8("x"))
            .delete(utf8("put-then-deleted"))
            .delete(utf8("deleted-then-put"))
            .put(utf8("deleted-then-put"), utf8("new"))
            .put(utf8("r1"), utf8("x"))
            .deleteRange(utf8("r"), utf8("s"))
            .put(utf8("r2"), utf8("y")));
    assertThat(engine.get(utf8("put-twice"))).isEqualTo(utf8("2"));
    assertThat(engine.get(utf8("put-then-deleted"))).isNull();
    assertThat(engine.get(utf8("deleted-then-put"))).isEqualTo(utf8("new"));
    assertThat(engine.get(utf8("r1"))).isNull();
    assertThat(engine.get(utf8("r2"))).isEqualTo(utf8("y"));
  }

  @Test
  void emptyBatchChangesNothing() {
    put("a", "1");
    write(new WriteBatch());
    assertThat(keys(engine, KeyRange.all())).containsExactly(hex(utf8("a")));
  }

  @Test
  void deleteRangeRemovesExactlyTheHalfOpenRange() {
    for (String k : List.of("a", "b", "b\0", "ba", "c", "c\0", "d")) {
      put(k, k);
    }
    write(new WriteBatch().deleteRange(utf8("b"), utf8("c")));
    assertThat(keys(engine, KeyRange.all()))
        .containsExactly(hex(utf8("a")), hex(utf8("c")), hex(utf8("c\0")), hex(utf8("d")));
  }

  @Test
  void deleteRangeThatIsEmptyOrInvertedDeletesNothing() {
    put("a", "1");
    put("b", "2");
    write(new WriteBatch().deleteRange(utf8("a"), utf8("a")).deleteRange(utf8("b"), utf8("a")));
    assertThat(keys(engine, KeyRange.all())).containsExactly(hex(utf8("a")), hex(utf8("b")));
  }

  // ---- binary keys and ordering

  @Test
  void binaryKeysWithZeroAndFfBytesRoundTrip() {
    byte[][] keys = {bytes(0x00), bytes(0x00, 0x00), bytes(0xFF), bytes(0xFF, 0x00), bytes(0x80)};
    WriteBatch batch = new WriteBatch();
    for (byte[] k : keys) {
      batch.put(k, k);
    }
    write(batch);
    for (byte[] k : keys) {
      assertThat(engine.get(k)).as(hex(k)).isEqualTo(k);
    }
    assertThat(engine.get(bytes(0x00, 0x00, 0x00))).isNull();
  }

  @Test
  void keysAreOrderedAsUnsignedBytes() {
    List<byte[]> expected =
        List.of(
            bytes(0x00),
            bytes(0x00, 0x00),
            bytes(0x01),
            bytes(0x01, 0x00),
            bytes(0x01, 0xFF),
            bytes(0x7F),
            bytes(0x80),
            bytes(0xFE, 0xFF),
            bytes(0xFF),
            bytes(0xFF, 0x00),
            bytes(0xFF, 0xFF));
    List<byte[]> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(7));
    WriteBatch batch = new WriteBatch();
    shuffled.forEach(k -> batch.put(k, bytes(1)));
    write(batch);
    List<String> hexes = expected.stream().map(TestBytes::hex).toList();
    assertThat(keys(engine, KeyRange.all())).containsExactlyElementsOf(hexes);
    List<String> reversed = new ArrayList<>(hexes);
    Collections.reverse(reversed);
    assertThat(keys(engine, KeyRange.all().descending())).containsExactlyElementsOf(reversed);
  }

  // ---- scans

  @Test
  void scanAllWalksEveryKeyBothWays() {
    put("b", "2");
    put("a", "1");
    put("c", "3");
    assertThat(entries(engine, KeyRange.all())).containsExactly("a=1", "b=2", "c=3");
    assertThat(entries(engine, KeyRange.all().descending())).containsExactly("c=3", "b=2", "a=1");
  }

  @Test
  void scanBetweenIncludesFromAndExcludesTo() {
    for (String k : List.of("a", "b", "b\0", "c", "c\0", "d")) {
      put(k, k);
    }
    KeyRange range = KeyRange.between(utf8("b"), utf8("c"));
    assertThat(keys(engine, range)).containsExactly(hex(utf8("b")), hex(utf8("b\0")));
    assertThat(keys(engine, range.descending())).containsExactly(hex(utf8("b\0")), hex(utf8("b")));
  }

  @Test
  void scanBetweenBoundsThatAreNotKeys() {
    for (String k : List.of("a", "c", "e", "g")) {
      put(k, k);
    }
    KeyRange range = KeyRange.between(utf8("b"), utf8("f"));
    assertThat(keys(engine, range)).containsExactly(hex(utf8("c")), hex(utf8("e")));
    assertThat(keys(engine, range.descending())).containsExactly(hex(utf8("e")), hex(utf8("c")));
  }

  @Test
  void scanWithOneOpenBound() {
    for (String k : List.of("a", "b", "c")) {
      put(k, k);
    }
    assertThat(keys(engine, KeyRange.between(utf8("b"), null)))
        .containsExactly(hex(utf8("b")), hex(utf8("c")));
    assertThat(keys(engine, KeyRange.between(null, utf8("b")))).containsExactly(hex(utf8("a")));
    assertThat(keys(engine, KeyRange.between(utf8("b"), null).descending()))
        .containsExactly(hex(utf8("c")), hex(utf8("b")));
    assertThat(keys(engine, KeyRange.between(null, utf8("c")).descending()))
        .containsExactly(hex(utf8("b")), hex(utf8("a")));
  }

  @Test
  void scanPrefixExcludesNeighbours() {
    for (String k : List.of("doc", "doc/", "doc/1", "doc/2", "doc0", "dob~", "doc/\u007f")) {
      put(k, k);
    }
    KeyRange prefix = KeyRange.prefix(utf8("doc/"));
    assertThat(keys(engine, prefix))
        .containsExactly(
            hex(utf8("doc/")), hex(utf8("doc/1")), hex(utf8("doc/2")), hex(utf8("doc/\u007f")));
    assertThat(keys(engine, prefix.descending()))
        .containsExactly(
            hex(utf8("doc/\u007f")), hex(utf8("doc/2")), hex(utf8("doc/1")), hex(utf8("doc/")));
  }

  @Test
  void scanPrefixOfAllFfBytesReachesTheEnd() {
    byte[][] inside = {bytes(0xFF, 0xFF), bytes(0xFF, 0xFF, 0x00), bytes(0xFF, 0xFF, 0xFF, 0xFF)};
    byte[][] outside = {bytes(0xFF), bytes(0xFF, 0xFE, 0xFF), bytes(0x00)};
    WriteBatch batch = new WriteBatch();
    for (byte[] k : inside) {
      batch.put(k, k);
    }
    for (byte[] k : outside) {
      batch.put(k, k);
    }
    write(batch);
    KeyRange prefix = KeyRange.prefix(bytes(0xFF, 0xFF));
    assertThat(keys(engine, prefix))
        .containsExactly(hex(inside[0]), hex(inside[1]), hex(inside[2]));
    assertThat(keys(engine, prefix.descending()))
        .containsExactly(hex(inside[2]), hex(inside[1]), hex(inside[0]));
  }

  @Test
  void scansOfEmptyRangesFindNothing() {
    assertThat(keys(engine, KeyRange.all())).isEmpty();
    assertThat(keys(engine, KeyRange.all().descending())).isEmpty();
    put("a", "1");
    put("c", "3");
    assertThat(keys(engine, KeyRange.between(utf8("a"), utf8("a")))).isEmpty();
    assertThat(keys(engine, KeyRange.between(utf8("b"), utf8("c")))).isEmpty();
    assertThat(keys(engine, KeyRange.between(utf8("b"), utf8("c")).descending())).isEmpty();
    assertThat(keys(engine, KeyRange.between(utf8("d"), null))).isEmpty();
    assertThat(keys(engine, KeyRange.prefix(utf8("b")))).isEmpty();
  }

  @Test
  void cursorSeesTheStateOfWhenTheScanStarted() {
    put("a", "1");
    put("c", "3");
    try (Cursor cursor = engine.scan(KeyRange.all())) {
      write(
          new WriteBatch()
              .put(utf8("b"), utf8("2"))
              .put(utf8("c"), utf8("changed"))
              .delete(utf8("a")));
      List<String> seen = drain(cursor);
      assertThat(seen).containsExactly("a=1", "c=3");
    }
  }

  @Test
  void cursorRefusesKeyAndValueWithoutACurrentEntry() {
    put("a", "1");
    try (Cursor cursor = engine.scan(KeyRange.all())) {
      assertThatThrownBy(cursor::key).isInstanceOf(IllegalStateException.class);
      assertThat(cursor.next()).isTrue();
      assertThat(cursor.key()).isEqualTo(utf8("a"));
      assertThat(cursor.next()).isFalse();
      assertThatThrownBy(cursor::value).isInstanceOf(IllegalStateException.class);
      assertThat(cursor.next()).isFalse();
    }
  }

  @Test
  void returnedArraysBelongToTheCaller() {
    put("a", "value");
    byte[] got = engine.get(utf8("a"));
    got[0] = 'X';
    try (Cursor cursor = engine.scan(KeyRange.all())) {
      assertThat(cursor.next()).isTrue();
      byte[] key = cursor.key();
      byte[] value = cursor.value();
      key[0] = 'Z';
      value[0] = 'Y';
      assertThat(cursor.key()).isEqualTo(utf8("a"));
      assertThat(cursor.value()).isEqualTo(utf8("value"));
    }
    try (Snapshot snapshot = engine.snapshot()) {
      snapshot.get(utf8("a"))[0] = 'W';
      assertThat(snapshot.get(utf8("a"))).isEqualTo(utf8("value"));
    }
    assertThat(engine.get(utf8("a"))).isEqualTo(utf8("value"));
    assertThat(engine.get(utf8("Z"))).isNull();
  }

  // ---- snapshots

  @Test
  void snapshotIgnoresLaterPutsDeletesAndRangeDeletes() {
    put("a", "1");
    put("b", "2");
    put("c", "3");
    put("d", "4");
    try (Snapshot snapshot = engine.snapshot()) {
      write(
          new WriteBatch()
              .put(utf8("a"), utf8("changed"))
              .delete(utf8("b"))
              .deleteRange(utf8("c"), utf8("d"))
              .put(utf8("e"), utf8("new")));
      assertThat(snapshot.get(utf8("a"))).isEqualTo(utf8("1"));
      assertThat(snapshot.get(utf8("b"))).isEqualTo(utf8("2"));
      assertThat(snapshot.get(utf8("c"))).isEqualTo(utf8("3"));
      assertThat(snapshot.get(utf8("e"))).isNull();
      assertThat(entries(snapshot, KeyRange.all())).containsExactly("a=1", "b=2", "c=3", "d=4");
      assertThat(entries(snapshot, KeyRange.all().descending()))
          .containsExactly("d=4", "c=3", "b=2", "a=1");
    }
    assertThat(entries(engine, KeyRange.all())).containsExactly("a=changed", "d=4", "e=new");
  }

  @Test
  void snapshotsTakenAtDifferentTimesAreIndependent() {
    put("k", "1");
    try (Snapshot first = engine.snapshot()) {
      put("k", "2");
      try (Snapshot second = engine.snapshot()) {
        write(new WriteBatch().delete(utf8("k")));
        assertThat(first.get(utf8("k"))).isEqualTo(utf8("1"));
        assertThat(second.get(utf8("k"))).isEqualTo(utf8("2"));
        assertThat(engine.get(utf8("k"))).isNull();
      }
      assertThat(first.get(utf8("k"))).isEqualTo(utf8("1"));
    }
  }

  // ---- closing

  @Test
  void closedEngineRefusesEveryCallButClose() {
    put("a", "1");
    engine.close();
    engine.close();
    assertThatThrownBy(() -> engine.get(utf8("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.scan(KeyRange.all())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> write(new WriteBatch().put(utf8("b"), utf8("2"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(engine::snapshot).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(engine::flush).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(engine::stats).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedSnapshotRefusesReadsAndClosesItsCursors() {
    put("a", "1");
    put("b", "2");
    Snapshot snapshot = engine.snapshot();
    Cursor cursor = snapshot.scan(KeyRange.all());
    assertThat(cursor.next()).isTrue();
    snapshot.close();
    snapshot.close();
    assertThatThrownBy(() -> snapshot.get(utf8("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> snapshot.scan(KeyRange.all()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(cursor::next).isInstanceOf(IllegalStateException.class);
    cursor.close();
    assertThat(engine.get(utf8("a"))).isEqualTo(utf8("1"));
  }

  @Test
  void closedCursorRefusesReads() {
    put("a", "1");
    put("b", "2");
    Cursor cursor = engine.scan(KeyRange.all());
    assertThat(cursor.next()).isTrue();
    cursor.close();
    cursor.close();
    assertThatThrownBy(cursor::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(cursor::key).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(cursor::value).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheEngineClosesItsSnapshotsAndCursors() {
    put("a", "1");
    put("b", "2");
    Snapshot snapshot = engine.snapshot();
    Cursor snapshotCursor = snapshot.scan(KeyRange.all());
    Cursor liveCursor = engine.scan(KeyRange.all());
    assertThat(liveCursor.next()).isTrue();
    engine.close();
    assertThatThrownBy(() -> snapshot.get(utf8("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(snapshotCursor::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(liveCursor::next).isInstanceOf(IllegalStateException.class);
    // Closing after the engine is harmless.
    liveCursor.close();
    snapshotCursor.close();
    snapshot.close();
  }

  // ---- persistence

  @ParameterizedTest
  @EnumSource(Durability.class)
  void writesSurviveReopen(Durability durability) {
    assumeTrue(isPersistent(), "the engine does not persist");
    engine.write(new WriteBatch().put(utf8("a"), utf8("1")).put(utf8("b"), utf8("2")), durability);
    engine.write(
        new WriteBatch().put(utf8("a"), utf8("changed")).delete(utf8("b")).put(utf8("c"), bytes()),
        durability);
    reopen();
    assertThat(entries(engine, KeyRange.all())).containsExactly("a=changed", "c=");
  }

  @Test
  void flushedAndUnflushedWritesSurviveReopen() {
    assumeTrue(isPersistent(), "the engine does not persist");
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < 1000; i++) {
      batch.put(numbered("k", i), longValue(i));
    }
    engine.write(batch, Durability.SYNC);
    engine.flush();
    engine.write(
        new WriteBatch().deleteRange(numbered("k", 100), numbered("k", 900)), Durability.SYNC);
    reopen();
    assertThat(count(engine, KeyRange.all())).isEqualTo(200);
    assertThat(engine.get(numbered("k", 99))).isEqualTo(longValue(99));
    assertThat(engine.get(numbered("k", 100))).isNull();
    assertThat(engine.get(numbered("k", 900))).isEqualTo(longValue(900));
  }

  // ---- size

  @Test
  void largeValuesRoundTrip() {
    Random random = new Random(42);
    byte[][] values = new byte[3][1 << 20];
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < values.length; i++) {
      random.nextBytes(values[i]);
      batch.put(numbered("big", i), values[i]);
    }
    write(batch);
    engine.flush();
    for (int i = 0; i < values.length; i++) {
      assertThat(engine.get(numbered("big", i))).isEqualTo(values[i]);
    }
    try (Cursor cursor = engine.scan(KeyRange.all().descending())) {
      assertThat(cursor.next()).isTrue();
      assertThat(cursor.value()).isEqualTo(values[2]);
    }
    if (isPersistent()) {
      reopen();
      assertThat(engine.get(numbered("big", 1))).isEqualTo(values[1]);
    }
  }

  @Test
  void manyKeysScanInOrder() {
    int n = 20_000;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(3));
    for (int start = 0; start < n; start += 1000) {
      WriteBatch batch = new WriteBatch();
      for (int i : order.subList(start, start + 1000)) {
        batch.put(numbered("n", i), longValue(i));
      }
      write(batch);
    }
    assertScannedInOrder(KeyRange.all(), 0, n);
    assertScannedInOrder(KeyRange.all().descending(), n - 1, n);
    assertScannedInOrder(KeyRange.between(numbered("n", 1234), numbered("n", 5678)), 1234, 4444);
  }

  private void assertScannedInOrder(KeyRange range, int first, int expectedCount) {
    int step = range.isDescending() ? -1 : 1;
    int expected = first;
    int seen = 0;
    try (Cursor cursor = engine.scan(range)) {
      while (cursor.next()) {
        assertThat(toLong(cursor.value())).isEqualTo(expected);
        assertThat(cursor.key()).isEqualTo(numbered("n", expected));
        expected += step;
        seen++;
      }
    }
    assertThat(seen).isEqualTo(expectedCount);
  }

  @Test
  void statsAreSane() {
    StorageStats empty = engine.stats();
    assertThat(empty.approximateKeys()).isGreaterThanOrEqualTo(-1);
    assertThat(empty.approximateBytes()).isGreaterThanOrEqualTo(0);
    assertThat(empty.memoryBytes()).isGreaterThanOrEqualTo(-1);
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < 100; i++) {
      batch.put(numbered("s", i), new byte[100]);
    }
    write(batch);
    StorageStats full = engine.stats();
    long keys = full.approximateKeys();
    assertThat(keys == -1 || keys > 0).as("approximateKeys %d is -1 or positive", keys).isTrue();
    assertThat(full.approximateBytes()).isGreaterThanOrEqualTo(0);
    assertThat(full.memoryBytes()).isGreaterThanOrEqualTo(-1);
  }

  // ---- concurrency

  @Test
  void concurrentWritersLoseNoWrites() throws Exception {
    int writers = 4;
    int keysPerWriter = 500;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String prefix = "w" + w + "/";
      tasks.add(
          () -> {
            for (int i = 0; i < keysPerWriter; i++) {
              write(new WriteBatch().put(numbered(prefix, i), longValue(i)));
            }
            return null;
          });
    }
    runConcurrently(tasks);
    assertThat(count(engine, KeyRange.all())).isEqualTo(writers * keysPerWriter);
    for (int w = 0; w < writers; w++) {
      assertThat(count(engine, KeyRange.prefix(utf8("w" + w + "/")))).isEqualTo(keysPerWriter);
      assertThat(engine.get(numbered("w" + w + "/", keysPerWriter - 1)))
          .isEqualTo(longValue(keysPerWriter - 1));
    }
  }

  @Test
  void readersNeverSeeHalfABatch() throws Exception {
    int accounts = 32;
    long balance = 1000;
    long total = accounts * balance;
    WriteBatch initial = new WriteBatch();
    for (int i = 0; i < accounts; i++) {
      initial.put(numbered("acct", i), longValue(balance));
    }
    write(initial);
    AtomicBoolean done = new AtomicBoolean();
    Callable<Void> writer =
        () -> {
          try {
            long[] balances = new long[accounts];
            Arrays.fill(balances, balance);
            Random random = new Random(11);
            for (int round = 0; round < 1500; round++) {
              // Every account passes some money to the next one: only the whole batch keeps the
              // total, so a reader that sees part of it finds a wrong sum.
              long[] next = balances.clone();
              for (int i = 0; i < accounts; i++) {
                long amount = random.nextInt(50);
                next[i] -= amount;
                next[(i + 1) % accounts] += amount;
              }
              balances = next;
              WriteBatch batch = new WriteBatch();
              if (round % 10 == 0) {
                // Wipe and rewrite everything: readers must not see the gap either.
                batch.deleteRange(numbered("acct", 0), numbered("acct", accounts));
              }
              for (int i = 0; i < accounts; i++) {
                batch.put(numbered("acct", i), longValue(balances[i]));
              }
              write(batch);
            }
            return null;
          } finally {
            done.set(true);
          }
        };
    Callable<Void> snapshotReader =
        () -> {
          int rounds = 0;
          while (!done.get() || rounds < 20) {
            try (Snapshot snapshot = engine.snapshot()) {
              long sum = 0;
              for (int i = 0; i < accounts; i++) {
                sum += toLong(snapshot.get(numbered("acct", i)));
              }
              assertThat(sum).as("sum of gets on one snapshot").isEqualTo(total);
              assertThat(sumOfScan(snapshot, accounts)).isEqualTo(total);
            }
            rounds++;
          }
          return null;
        };
    Callable<Void> scanReader =
        () -> {
          int rounds = 0;
          while (!done.get() || rounds < 20) {
            assertThat(sumOfScan(engine, accounts)).isEqualTo(total);
            rounds++;
          }
          return null;
        };
    runConcurrently(List.of(writer, snapshotReader, scanReader));
    assertThat(sumOfScan(engine, accounts)).isEqualTo(total);
  }

  @Test
  void closingDuringReadsMakesThemFailCleanly() throws Exception {
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < 100; i++) {
      batch.put(numbered("k", i), longValue(i));
    }
    write(batch);
    int readers = 3;
    CountDownLatch started = new CountDownLatch(readers);
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        results.add(
            pool.submit(
                () -> {
                  try {
                    while (true) {
                      engine.get(numbered("k", 7));
                      try (Snapshot snapshot = engine.snapshot();
                          Cursor cursor = snapshot.scan(KeyRange.all())) {
                        while (cursor.next()) {
                          cursor.value();
                        }
                      }
                      started.countDown();
                    }
                  } catch (IllegalStateException expected) {
                    return true;
                  }
                }));
      }
      assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      engine.close();
      for (Future<Boolean> result : results) {
        assertThat(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static long sumOfScan(KeyValueReader reader, int expectedKeys) {
    long sum = 0;
    int keys = 0;
    try (Cursor cursor = reader.scan(KeyRange.prefix(utf8("acct")))) {
      while (cursor.next()) {
        sum += toLong(cursor.value());
        keys++;
      }
    }
    assertThat(keys).as("keys seen by one scan").isEqualTo(expectedKeys);
    return sum;
  }

  private static void runConcurrently(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<Void> future : futures) {
        future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  // ---- helpers

  /** Writes with {@link Durability#WAL}, the common case. */
  protected final void write(WriteBatch batch) {
    engine.write(batch, Durability.WAL);
  }

  private void put(String key, String value) {
    write(new WriteBatch().put(utf8(key), utf8(value)));
  }

  private static List<String> keys(KeyValueReader reader, KeyRange range) {
    List<String> keys = new ArrayList<>();
    try (Cursor cursor = reader.scan(range)) {
      while (cursor.next()) {
        keys.add(hex(cursor.key()));
      }
    }
    return keys;
  }

  private static List<String> entries(KeyValueReader reader, KeyRange range) {
    try (Cursor cursor = reader.scan(range)) {
      return drain(cursor);
    }
  }

  private static List<String> drain(Cursor cursor) {
    List<String> entries = new ArrayList<>();
    while (cursor.next()) {
      entries.add(
          new String(cursor.key(), StandardCharsets.UTF_8)
              + "="
              + new String(cursor.value(), StandardCharsets.UTF_8));
    }
    return entries;
  }

  private static int count(KeyValueReader reader, KeyRange range) {
    int n = 0;
    try (Cursor cursor = reader.scan(range)) {
      while (cursor.next()) {
        n++;
      }
    }
    return n;
  }
}
