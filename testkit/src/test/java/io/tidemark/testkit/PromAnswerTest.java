package io.tidemark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromAnswerTest {

  private static final String MATRIX =
      """
      {"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"node":"a"},"values":[[1000.000,"0.1"],[1005.000,"0.2"],[1010.000,"0.3"]]},
        {"metric":{"node":"b"},"values":[[1002.500,"0.4"]]}]}}
      """;

  @Test
  void countsTheSeriesOfAnAnswer() {
    assertThat(PromAnswer.resultCount(MATRIX)).isEqualTo(2);
    assertThat(PromAnswer.resultCount("{\"status\":\"success\",\"data\":{\"result\":[]}}"))
        .isZero();
  }

  @Test
  void matrixValuesAreThoseAfterTheStartAndUpToTheEnd() {
    PromAnswer answer = PromAnswer.ofApiBody(MATRIX);
    assertThat(answer.values(1_000_000, 1_005_000)).containsExactly(0.2, 0.4);
    assertThat(answer.values(0, Long.MAX_VALUE)).hasSize(4);
  }

  @Test
  void aFailedQueryIsAnErrorWithTheServersMessage() {
    String error = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
    assertThatThrownBy(() -> PromAnswer.resultCount(error))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad_data")
        .hasMessageContaining("parse error");
    assertThatThrownBy(() -> PromAnswer.ofApiBody(error))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad_data");
  }

  @Test
  void timesAreDecimalSeconds() {
    assertThat(PromAnswer.seconds(1_795_335_515_123L)).isEqualTo("1795335515.123");
    assertThat(PromAnswer.seconds(5_000)).isEqualTo("5.000");
  }
}
