package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromTextTest {

  /** Shaped like Prometheus 2.42's own /metrics. */
  private static final String PROMETHEUS =
      """
      # HELP prometheus_tsdb_head_samples_appended_total Total number of appended samples.
      # TYPE prometheus_tsdb_head_samples_appended_total counter
      prometheus_tsdb_head_samples_appended_total{type="float"} 1.2345e+06
      prometheus_tsdb_head_samples_appended_total{type="histogram"} 5
      prometheus_tsdb_head_samples_appended_total_other 999
      # HELP prometheus_tsdb_head_series Total number of series in the head block.
      prometheus_tsdb_head_series 54
      """;

  @Test
  void sumsEverySampleOfANameWhateverItsLabels() {
    assertThat(PromText.sum(PROMETHEUS, "prometheus_tsdb_head_samples_appended_total"))
        .hasValue(1_234_505);
  }

  @Test
  void aLongerNameWithTheSamePrefixIsAnotherMetric() {
    assertThat(PromText.sum(PROMETHEUS, "prometheus_tsdb_head_series")).hasValue(54);
    assertThat(PromText.sum(PROMETHEUS, "prometheus_tsdb_head")).isEmpty();
  }

  @Test
  void labelValuesMayHoldSpacesBracesAndEscapedQuotes() {
    String body =
        "vm_rows{path=\"/a b}\",note=\"say \\\"hi\\\" }\"} 7 1700000000000\n"
            + "vm_rows{type=\"x\"} 3\n";
    assertThat(PromText.sum(body, "vm_rows")).hasValue(10);
  }

  @Test
  void commentsAreNotSamplesAndAnAbsentNameIsEmpty() {
    String body = "# vm_rows_added_to_storage_total 12\nup 1\n";
    assertThat(PromText.sum(body, "vm_rows_added_to_storage_total")).isEmpty();
    assertThatThrownBy(() -> PromText.require(body, "vm_rows_added_to_storage_total"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vm_rows_added_to_storage_total");
  }

  @Test
  void readsSpecialValues() {
    assertThat(PromText.sum("x +Inf\n", "x").getAsDouble()).isInfinite();
    assertThat(PromText.sum("x NaN\n", "x").getAsDouble()).isNaN();
    assertThatThrownBy(() -> PromText.sum("x many\n", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }
}
