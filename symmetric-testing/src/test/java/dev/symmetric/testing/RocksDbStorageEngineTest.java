package dev.symmetric.testing;

import static dev.symmetric.testing.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.RocksDbOptions;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.WriteBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the RocksDB engine promises, beyond the conformance suite. */
class RocksDbStorageEngineTest {
  @TempDir Path dir;

  @Test
  void optionsReachRocksDb() throws IOException {
    RocksDbOptions options =
        RocksDbOptions.builder()
            .blockCacheBytes(4L << 20)
            .writeBufferBytes(1L << 20)
            .maxWriteBuffers(3)
            .maxOpenFiles(100)
            .build();
    try (StorageEngine engine = StorageEngines.rocksDb(dir, options)) {
      engine.write(new WriteBatch().put(utf8("a"), utf8("1")), Durability.SYNC);
    }
    String written = latestOptionsFile(dir);
    assertThat(written)
        .contains("write_buffer_size=1048576")
        .contains("max_write_buffer_number=3")
        .contains("max_open_files=100")
        .contains("compression=kLZ4Compression")
        .contains("optimize_filters_for_hits=false")
        .contains("cache_index_and_filter_blocks=true")
        .containsPattern("filter_policy=.*[Bb]loom");
  }

  @Test
  void compressionCanBeTurnedOff() throws IOException {
    RocksDbOptions options = RocksDbOptions.builder().compression(false).build();
    StorageEngines.rocksDb(dir, options).close();
    assertThat(latestOptionsFile(dir)).contains("compression=kNoCompression");
  }

  @Test
  void secondOpenOfTheSameDirectoryFailsClearly() {
    try (StorageEngine first = StorageEngines.rocksDb(dir)) {
      assertThatThrownBy(() -> StorageEngines.rocksDb(dir))
          .isInstanceOf(StorageFailure.class)
          .hasMessageContaining("is another node using " + dir);
      first.write(new WriteBatch().put(utf8("still"), utf8("works")), Durability.WAL);
      assertThat(first.get(utf8("still"))).isEqualTo(utf8("works"));
    }
  }

  @Test
  void directoryHeldByAnotherProcessFailsClearly() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                RocksDbLockHolder.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo(RocksDbLockHolder.READY);
      assertThatThrownBy(() -> StorageEngines.rocksDb(dir))
          .isInstanceOf(StorageFailure.class)
          .hasMessageContaining("is another node using " + dir);
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(holder.exitValue()).isZero();
    StorageEngines.rocksDb(dir).close();
  }

  @Test
  void reopensAfterCloseWithTheData() {
    StorageEngine engine = StorageEngines.rocksDb(dir);
    engine.write(new WriteBatch().put(utf8("k"), utf8("v")), Durability.SYNC);
    engine.close();
    engine.close();
    try (StorageEngine reopened = StorageEngines.rocksDb(dir)) {
      assertThat(reopened.get(utf8("k"))).isEqualTo(utf8("v"));
    }
  }

  @Test
  void createsMissingDirectories() {
    Path nested = dir.resolve("a/b/c");
    try (StorageEngine engine = StorageEngines.rocksDb(nested)) {
      engine.write(new WriteBatch().put(utf8("k"), utf8("v")), Durability.WAL);
    }
    assertThat(nested.resolve("CURRENT")).exists();
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsAStorageFailure() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> StorageEngines.rocksDb(file))
        .isInstanceOf(StorageFailure.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void statsCountKeysAndBytesAfterFlush() {
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < 1000; i++) {
        batch.put(TestBytes.numbered("k", i), new byte[64]);
      }
      engine.write(batch, Durability.WAL);
      engine.flush();
      assertThat(engine.stats().approximateKeys()).isBetween(500L, 2000L);
      assertThat(engine.stats().approximateBytes()).isPositive();
      assertThat(engine.stats().memoryBytes()).isPositive();
    }
  }

  private static String latestOptionsFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Path latest =
          files
              .filter(p -> p.getFileName().toString().startsWith("OPTIONS-"))
              .max(Path::compareTo)
              .orElseThrow();
      return Files.readString(latest);
    }
  }
}
