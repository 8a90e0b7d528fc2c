package dev.symmetric.http.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.Revision;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonsTest {

  @Test
  void okBytesParseToWhatTheMapperRendersForOk() throws Exception {
    String[] ids = {
      "doc-1", "a\"b", "back\\slash", "tab\tnew\nline\u0001", "_design/x", "ünï€ode😀", "a/b%2F", ""
    };
    Revision rev = Revision.parse("3-0123456789abcdef0123456789abcdef");
    for (String id : ids) {
      String expected =
          new String(Jsons.MAPPER.writeValueAsBytes(Jsons.ok(id, rev)), StandardCharsets.UTF_8)
              + "\n";
      byte[] actual = Jsons.okBytes(id, rev);
      assertThat(Jsons.MAPPER.readTree(actual)).as(id).isEqualTo(Jsons.ok(id, rev));
      assertThat(actual[actual.length - 1]).isEqualTo((byte) '\n');
      if (id.chars().allMatch(c -> c < 0x80)) {
        // Same bytes; outside ASCII the mapper escapes surrogate pairs, this writes UTF-8.
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(id).isEqualTo(expected);
      }
    }
  }
}
