package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void oneListGivesBothTheTableAndTheJson() {
    Figures f =
        new Figures()
            .add("samplesPerSecond", 1234.5, "samples per second", "1,235", "delta / window")
            .add("p99", Double.NaN, "p99", Table.NA, "not measured")
            .add("inside", true, "inside", "yes", "rule");

    assertThat(f.table().markdown())
        .contains("| samples per second | 1,235 | delta / window |")
        .contains("| p99 | n/a | not measured |");
    Map<String, Object> json = f.json();
    assertThat(json).containsKeys("samplesPerSecond", "p99", "inside");
    assertThat(json.get("samplesPerSecond")).isEqualTo(1234.5);
    assertThat(json.get("p99")).isNull(); // JSON has no NaN
    assertThat(f.value("inside")).isEqualTo(true);
    assertThatThrownBy(() -> f.value("missing")).isInstanceOf(IllegalArgumentException.class);
  }
}
