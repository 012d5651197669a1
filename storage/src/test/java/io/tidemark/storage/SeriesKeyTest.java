package io.tidemark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {

  @Test
  void equalLabelSetsAreEqualWhateverTheirOrder() {
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(new SeriesKey("m", ba)).isEqualTo(SeriesKey.of("m", "a", "1", "b", "2"));
    assertThat(new SeriesKey("m", ba).labels().keySet()).containsExactly("a", "b");
  }

  @Test
  void dropsLabelsWithEmptyValues() {
    assertThat(SeriesKey.of("m", "a", "", "b", "2")).isEqualTo(SeriesKey.of("m", "b", "2"));
  }

  @Test
  void printsInPrometheusNotationWithEscapes() {
    assertThat(SeriesKey.of("up", "node", "n\"1\\\n").toString())
        .isEqualTo("up{node=\"n\\\"1\\\\\\n\"}");
  }

  @Test
  void rejectsInvalidNames() {
    assertThatThrownBy(() -> SeriesKey.of("1bad")).hasMessageContaining("invalid metric name");
    assertThatThrownBy(() -> SeriesKey.of("m", "a-b", "1"))
        .hasMessageContaining("invalid label name 'a-b'");
    assertThatThrownBy(() -> SeriesKey.of("m", "__name__", "x"))
        .hasMessageContaining("invalid label name");
  }
}
