package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  @Test
  void matchesLiteralsParametersAndCatchAll() {
    PathPattern p = PathPattern.compile("/{db}/_design/{ddoc...}");
    assertThat(p.match(List.of("db", "_design", "a", "b"))).containsEntry("ddoc", "a/b");
    assertThat(p.match(List.of("db", "_design"))).isNull();
    assertThat(p.match(List.of("db", "_local", "a"))).isNull();
    assertThat(PathPattern.compile("/").match(List.of())).isEmpty();
    assertThat(PathPattern.compile("/{a}").match(List.of(""))).isNull();
  }

  @Test
  void catchAllNeedsOneNonEmptyRemainderOrASlash() {
    PathPattern p = PathPattern.compile("/{db}/{rest...}");
    assertThat(p.match(List.of("db", ""))).isNull();
    assertThat(p.match(List.of("db", "", ""))).containsEntry("rest", "/");
    assertThat(p.match(List.of("db", "", "x"))).containsEntry("rest", "/x");
    assertThat(p.match(List.of("db"))).isNull();
    assertThat(PathPattern.compile("/a/{b}").match(List.of("a", "b", "c"))).isNull();
    assertThat(PathPattern.compile("/a").match(List.of("a"))).isEmpty();
  }

  @Test
  void literalsAreMoreSpecificThanParametersAndParametersThanCatchAll() {
    PathPattern literal = PathPattern.compile("/{db}/_all_docs");
    PathPattern param = PathPattern.compile("/{db}/{doc}");
    PathPattern rest = PathPattern.compile("/{db}/{path...}");
    assertThat(literal.compareSpecificity(param)).isNegative();
    assertThat(param.compareSpecificity(rest)).isNegative();
    assertThat(rest.compareSpecificity(literal)).isPositive();
  }

  @Test
  void rejectsMalformedTemplates() {
    for (String bad : new String[] {"a", "/a//b", "/{a}/{a}", "/x{a}", "/{rest...}/b", "/{1a}"}) {
      assertThatThrownBy(() -> PathPattern.compile(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
