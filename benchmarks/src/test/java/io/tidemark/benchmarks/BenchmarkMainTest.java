package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkMainTest {

  @Test
  void aPresetExpandsToItsOptionsAndLaterOptionsReplaceThem() {
    assertThat(BenchmarkMain.expand(new String[] {"quick", "-i", "1", "Summary"}))
        .containsExactly("-f", "1", "-wi", "2", "-w", "2s", "-r", "2s", "-i", "1", "Summary");
    assertThat(BenchmarkMain.expand(new String[] {"full", "Summary"}))
        .containsExactly(
            "-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s", "-rf", "json", "Summary");
  }

  @Test
  void withoutAPresetTheArgumentsGoToJmhAsTheyAre() {
    assertThat(BenchmarkMain.expand(new String[] {"-l"})).containsExactly("-l");
    assertThat(BenchmarkMain.expand(new String[0])).isEmpty();
  }
}
