package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.query.metrics.LabelSelector.Operator;
import io.tidemark.query.metrics.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final Map<String, String> WEB =
      Map.of(
          "app", "web",
          "app.kubernetes.io/name", "web",
          "tier", "frontend",
          "pod-template-hash", "7c9d8f6b5",
          "replicas", "3",
          "canary", "");

  private static boolean selects(String selector, Map<String, String> labels) {
    return LabelSelector.parse(selector).matches(labels);
  }

  @Test
  void anEmptySelectorSelectsEverything() {
    for (String empty : new String[] {null, "", "  "}) {
      LabelSelector selector = LabelSelector.parse(empty);
      assertThat(selector.isEverything()).isTrue();
      assertThat(selector.matches(Map.of())).isTrue();
      assertThat(selector.matches(WEB)).isTrue();
    }
  }

  @Test
  void evaluatesEqualityAsTheHpaSendsIt() {
    assertThat(selects("app=web", WEB)).isTrue();
    assertThat(selects("app==web", WEB)).isTrue();
    assertThat(selects("app=api", WEB)).isFalse();
    assertThat(selects("app.kubernetes.io/name=web", WEB)).isTrue();
    assertThat(selects("app.kubernetes.io/name=web,tier=frontend", WEB)).isTrue();
    assertThat(selects("app.kubernetes.io/name=web,tier=backend", WEB)).isFalse();
    assertThat(selects("missing=x", WEB)).isFalse();
    assertThat(selects("app != api", WEB)).isTrue();
    assertThat(selects("app!=web", WEB)).isFalse();
    // A label that is absent differs from any value.
    assertThat(selects("missing!=x", WEB)).isTrue();
    // An empty value after the operator means the empty value.
    assertThat(selects("canary=", WEB)).isTrue();
    assertThat(selects("missing=", WEB)).isFalse();
  }

  @Test
  void evaluatesSetsAndExistence() {
    assertThat(selects("tier in (frontend, cache)", WEB)).isTrue();
    assertThat(selects("tier in (backend,cache)", WEB)).isFalse();
    assertThat(selects("tier notin (backend)", WEB)).isTrue();
    assertThat(selects("tier notin (frontend,backend)", WEB)).isFalse();
    assertThat(selects("missing notin (x)", WEB)).isTrue();
    assertThat(selects("missing in (x)", WEB)).isFalse();
    assertThat(selects("canary", WEB)).isTrue();
    assertThat(selects("!canary", WEB)).isFalse();
    assertThat(selects("!missing", WEB)).isTrue();
    assertThat(selects("missing", WEB)).isFalse();
    assertThat(selects("canary in ()", WEB)).as("() is the empty value").isTrue();
    assertThat(selects("tier in (,frontend)", WEB)).isTrue();
    assertThat(selects("app=web,!missing,tier in (frontend),pod-template-hash", WEB)).isTrue();
    assertThat(selects("app=web,!canary", WEB)).isFalse();
  }

  @Test
  void comparesIntegers() {
    assertThat(selects("replicas>2", WEB)).isTrue();
    assertThat(selects("replicas > 3", WEB)).isFalse();
    assertThat(selects("replicas<4", WEB)).isTrue();
    assertThat(selects("replicas<-1", WEB)).isFalse();
    assertThat(selects("app>1", WEB)).as("not an integer").isFalse();
    assertThat(selects("missing<100", WEB)).isFalse();
  }

  @Test
  void keepsItsRequirementsSortedByKeyAndNamesRequiredValues() {
    LabelSelector selector = LabelSelector.parse("tier in (b, a, b),app=web,!canary,replicas");

    assertThat(selector.requirements())
        .containsExactly(
            new Requirement("app", Operator.EQUALS, List.of("web")),
            new Requirement("canary", Operator.DOES_NOT_EXIST, List.of()),
            new Requirement("replicas", Operator.EXISTS, List.of()),
            new Requirement("tier", Operator.IN, List.of("a", "b")));
    assertThat(selector.requirements().get(0).requiredValues()).contains(List.of("web"));
    assertThat(selector.requirements().get(3).requiredValues()).contains(List.of("a", "b"));
    assertThat(selector.requirements().get(1).requiredValues()).isEqualTo(Optional.empty());
    assertThat(selector.toString()).isEqualTo("tier in (b, a, b),app=web,!canary,replicas");
  }

  @Test
  void rejectsMalformedSelectorsSayingWhatAndWhere() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("app=web,", "found end of string, expected: a requirement after ','"),
            Map.entry(",app=web", "found ',', expected: identifier (a key)"),
            Map.entry("app web", "found 'web', expected: in, notin, =, ==, !=, >, <"),
            Map.entry("app=web tier=x", "found 'tier', expected: ',' or end of string"),
            Map.entry("app in web", "found 'web', expected: '(' after in or notin"),
            Map.entry("app in (web", "expected: ',' or ')' in the values of app"),
            Map.entry("app (web)", "found '(', expected: in, notin, =, ==, !=, >, <"),
            Map.entry("app=(web)", "found '(', expected: a value for app"),
            Map.entry("!app=web", "found '=', expected: ',' or end of string"),
            Map.entry("=web", "found '=', expected: identifier (a key)"),
            Map.entry("app>big", "for '>' and '<' the value must be an integer: 'big'"),
            Map.entry("app=-web", "invalid value '-web' for label app"),
            Map.entry("app=" + "x".repeat(64), "invalid value"),
            Map.entry("-app=web", "invalid label key '-app'"),
            Map.entry("Example.COM/app=web", "invalid label key 'Example.COM/app'"),
            Map.entry("/app=web", "invalid label key '/app'"),
            Map.entry("app/=web", "invalid label key 'app/'"),
            Map.entry("a b=c", "found 'b', expected: in, notin, =, ==, !=, >, <"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertThatThrownBy(() -> LabelSelector.parse(c.getKey()))
          .as(c.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.getValue())
          .hasMessageContaining("(at character ");
    }
  }

  @Test
  void acceptsValidPrefixedKeysAndValues() {
    Map<String, String> labels =
        Map.of(
            "example.com/team", "a.b_c-d",
            "statefulset.kubernetes.io/pod-name", "db-0",
            "X", "Y");

    assertThat(selects("example.com/team=a.b_c-d", labels)).isTrue();
    assertThat(selects("statefulset.kubernetes.io/pod-name in (db-0,db-1)", labels)).isTrue();
    assertThat(selects("X=Y", labels)).isTrue();
    assertThat(selects("x=Y", labels)).as("keys are case-sensitive").isFalse();
  }
}
