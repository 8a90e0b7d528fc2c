package dev.symmetric.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.RocksDbOptions;
import org.junit.jupiter.api.Test;

class RocksDbOptionsTest {

  @Test
  void defaultsAreSmall() {
    RocksDbOptions defaults = RocksDbOptions.defaults();
    assertThat(defaults.blockCacheBytes()).isEqualTo(32L << 20);
    assertThat(defaults.writeBufferBytes()).isEqualTo(8L << 20);
    assertThat(defaults.maxWriteBuffers()).isEqualTo(2);
    assertThat(defaults.maxOpenFiles()).isEqualTo(512);
    assertThat(defaults.compression()).isTrue();
  }

  @Test
  void toBuilderRoundTrips() {
    RocksDbOptions options =
        RocksDbOptions.builder().blockCacheBytes(1 << 20).maxOpenFiles(-1).build();
    assertThat(options.toBuilder().build()).isEqualTo(options).hasSameHashCodeAs(options);
    assertThat(options).isNotEqualTo(RocksDbOptions.defaults());
    assertThat(options.toString()).contains("blockCacheBytes=1048576", "maxOpenFiles=-1");
  }

  @Test
  void eachSetterRejectsNonsenseAtOnce() {
    RocksDbOptions.Builder builder = RocksDbOptions.builder();
    assertThatThrownBy(() -> builder.blockCacheBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockCacheBytes");
    assertThatThrownBy(() -> builder.writeBufferBytes(1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writeBufferBytes");
    assertThatThrownBy(() -> builder.maxWriteBuffers(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWriteBuffers");
    assertThatThrownBy(() -> builder.maxOpenFiles(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOpenFiles");
    assertThat(builder.build()).isEqualTo(RocksDbOptions.defaults());
  }
}
