package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryBenchTest {

  @Test
  void aShortRunIsQueriedOverItsWholeLengthAtAStepOfOneInterval() {
    List<QueryBench.Spec> specs =
        QueryBench.specs(1_795_335_515_678L, Duration.ofSeconds(75), Duration.ofSeconds(5));

    QueryBench.Spec rate = specs.get(0);
    assertThat(rate.path()).isEqualTo("/api/v1/query_range");
    assertThat(rate.promql()).isEqualTo("rate(container_cpu_usage_seconds_total[5m])");
    assertThat(rate.params())
        .containsEntry("end", "1795335515.000")
        .containsEntry("start", "1795335440.000")
        .containsEntry("step", "5");
    QueryBench.Spec max = specs.get(1);
    assertThat(max.path()).isEqualTo("/api/v1/query");
    assertThat(max.promql())
        .isEqualTo("max by (namespace) (max_over_time(container_memory_working_set_bytes[75s]))");
    assertThat(max.params()).containsEntry("time", "1795335515.000");
  }

  @Test
  void aLongRunIsQueriedOverTheLastHourWithAWiderRateWindowForLongIntervals() {
    List<QueryBench.Spec> specs =
        QueryBench.specs(7_200_000L, Duration.ofHours(2), Duration.ofMinutes(2));

    assertThat(specs.get(0).params())
        .containsEntry("start", "3600.000")
        .containsEntry("end", "7200.000")
        .containsEntry("step", "120");
    assertThat(specs.get(0).promql()).isEqualTo("rate(container_cpu_usage_seconds_total[8m])");
    assertThat(specs.get(1).promql()).contains("[7200s]");
  }
}
