package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void formatsLikeZeroPaddedHex() {
    long[] highs = {0L, 1L, -1L, Long.MIN_VALUE, 0x0123456789abcdefL, 0xfedcba9876543210L};
    int[] lows = {0, 1, -1, Integer.MIN_VALUE, 0x89abcdef, 0x00000f00};
    for (long high : highs) {
      for (int low : lows) {
        assertThat(RequestIds.format(high, low)).isEqualTo(String.format("%016x%08x", high, low));
      }
    }
  }

  @Test
  void generatedIdsAreSaneAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = RequestIds.generate();
      assertThat(id).matches("[0-9a-f]{24}");
      assertThat(RequestIds.isSane(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(1_000);
  }

  @Test
  void echoesOnlySaneCallerIds() {
    assertThat(RequestIds.echoOrGenerate("abc-123")).isEqualTo("abc-123");
    assertThat(RequestIds.echoOrGenerate("bad id")).matches("[0-9a-f]{24}");
    assertThat(RequestIds.echoOrGenerate("x\r\nInjected: 1")).matches("[0-9a-f]{24}");
    assertThat(RequestIds.echoOrGenerate("a".repeat(129))).matches("[0-9a-f]{24}");
  }
}
