package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the side-by-side on a tiny fleet for a few seconds a system, with every peer found on PATH
 * (Prometheus' and VictoriaMetrics' Debian packages), so that each system's start, disk and stop
 * procedure keeps working; it asserts that every figure was measured, never how fast.
 */
class CompareRunTest {

  @TempDir Path out;

  @Test
  void runsEverySystemInTurnAndReportsRatios() throws Exception {
    List<String> systems = new ArrayList<>(List.of("tidemark"));
    for (String[] peer :
        new String[][] {{"prometheus", "prometheus"}, {"victoriametrics", "victoria-metrics"}}) {
      try {
        PeerConfig.findBinary(peer[1]);
        systems.add(peer[0]);
      } catch (IllegalArgumentException absent) {
        System.out.println("CompareRunTest: no " + peer[1] + " on PATH; running without it");
      }
    }
    String args =
        "--nodes 2 --pods 2 --interval 1s --warmup 8s --duration 2s --query-runs 2 --systems "
            + String.join(",", systems)
            + " --out "
            + out;
    assertThat(CompareRun.run(Options.parse(CompareRun.parser(), args.split(" ")))).isTrue();

    JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    JsonNode results = result.path("systems");
    assertThat(results).hasSize(systems.size());
    for (JsonNode s : results) {
      String name = s.path("name").asText();
      assertThat(s.at("/disk/samples").asLong()).as(name).isPositive();
      assertThat(s.at("/disk/bytes").asLong()).as(name).isPositive();
      assertThat(s.at("/disk/exitStatus").asInt()).as(name).isZero();
      assertThat(s.path("peakRssBytes").asLong()).as(name).isPositive();
      assertThat(s.at("/queries/1/key").asText()).isEqualTo("max_over_time");
      assertThat(s.at("/queries/1/series").asInt()).as(name).isPositive();
      assertThat(out.resolve("logs").resolve(name + ".log")).exists();
    }
    assertThat(results.get(0).at("/queries/0/series").asInt()).isPositive();
    assertThat(result.path("ratios").size()).isEqualTo(systems.size() - 1);
  }
}
