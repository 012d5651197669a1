package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

  private static final Map<String, String> WEB =
      Map.of("metadata.name", "web-0", "metadata.namespace", "shop");

  @Test
  void selectsEverythingWhenEmpty() {
    assertThat(FieldSelector.parse(null)).isSameAs(FieldSelector.EVERYTHING);
    assertThat(FieldSelector.parse("")).isSameAs(FieldSelector.EVERYTHING);
    assertThat(FieldSelector.parse(",").matches(WEB)).isTrue();
    assertThat(FieldSelector.EVERYTHING.matches(Map.of())).isTrue();
  }

  @Test
  void readsTheThreeOperators() {
    assertThat(FieldSelector.parse("metadata.name=web-0").matches(WEB)).isTrue();
    assertThat(FieldSelector.parse("metadata.name==web-0").matches(WEB)).isTrue();
    assertThat(FieldSelector.parse("metadata.name!=web-0").matches(WEB)).isFalse();
    assertThat(FieldSelector.parse("metadata.name!=web-1").matches(WEB)).isTrue();
    assertThat(FieldSelector.parse("metadata.name==web-0").terms())
        .containsExactly(new FieldSelector.Term("metadata.name", true, "web-0"));
  }

  @Test
  void requiresEveryTerm() {
    assertThat(FieldSelector.parse("metadata.name=web-0,metadata.namespace=shop").matches(WEB))
        .isTrue();
    assertThat(FieldSelector.parse("metadata.name=web-0,metadata.namespace=dev").matches(WEB))
        .isFalse();
  }

  @Test
  void readsAMissingFieldAsEmpty() {
    Map<String, String> node = Map.of("metadata.name", "n1");

    assertThat(FieldSelector.parse("metadata.namespace=").matches(node)).isTrue();
    assertThat(FieldSelector.parse("metadata.namespace=shop").matches(node)).isFalse();
    assertThat(FieldSelector.parse("metadata.namespace!=shop").matches(node)).isTrue();
  }

  @Test
  void unescapesValues() {
    FieldSelector selector =
        FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d,metadata.namespace=x");

    assertThat(selector.terms())
        .containsExactly(
            new FieldSelector.Term("metadata.name", true, "a,b=c\\d"),
            new FieldSelector.Term("metadata.namespace", true, "x"));
  }

  @Test
  void rejectsWhatApimachineryRejects() {
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name"))
        .hasMessage("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name=a=b"))
        .hasMessageContaining("unescaped character in value: =");
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name=a\\b"))
        .hasMessageContaining("invalid escape sequence: \\b");
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name=a\\"))
        .hasMessageContaining("invalid escape sequence");
  }

  @Test
  void namesAnUnknownFieldAsApimachineryDoes() {
    FieldSelector selector = FieldSelector.parse("spec.nodeName=n1");

    assertThatThrownBy(() -> selector.requireFields(FieldSelector.METADATA_FIELDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\"spec.nodeName\" is not a known field selector: only \"metadata.name\","
                + " \"metadata.namespace\"");
    assertThat(FieldSelector.parse("metadata.name!=x").requireFields(FieldSelector.METADATA_FIELDS))
        .hasToString("metadata.name!=x");
  }

  @Test
  void givesTheValueAnEqualityRequires() {
    FieldSelector selector = FieldSelector.parse("metadata.namespace!=dev,metadata.name==web-0");

    assertThat(selector.requiredValue("metadata.name")).contains("web-0");
    assertThat(selector.requiredValue("metadata.namespace")).isEmpty();
  }
}
