package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.http.HttpException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

  @Test
  void decodesSegmentsOnceAndKeepsPlusInPaths() {
    RequestTarget t = RequestTarget.parse("/db/a%2Fb/c+d/%25%32%46?x=1");
    assertThat(t.rawPath()).isEqualTo("/db/a%2Fb/c+d/%25%32%46");
    assertThat(t.segments()).containsExactly("db", "a/b", "c+d", "%2F");
    assertThat(t.path()).isEqualTo("/db/a/b/c+d/%2F");
  }

  @Test
  void decodesQueriesAsForms() {
    RequestTarget t = RequestTarget.parse("/?k=a+b&k=%2B&empty=&flag&&u=%E2%82%AC");
    assertThat(t.query().get("k")).containsExactly("a b", "+");
    assertThat(t.query().get("empty")).containsExactly("");
    assertThat(t.query().get("flag")).containsExactly("");
    assertThat(t.query().get("u")).containsExactly("€");
  }

  @Test
  void rejectsBrokenEncodingAsBadRequest() {
    for (String bad : List.of("/%", "/%4", "/%g0", "/%C3%28", "/%ED%A0%80", "/?a=%FF", "*", "")) {
      assertThatThrownBy(() -> RequestTarget.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
