package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's Summary payloads as the collector's parser reads them, over simulated time. */
class SimulatedSummaryTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private static KubeletSimulator start(int nodes, int pods, long seed, ManualClock clock)
      throws Exception {
    return KubeletSimulator.start(
        new SimulatorSpec(nodes, pods, seed, Duration.ofSeconds(10)), clock, 0);
  }

  @Test
  void countersGrowMemoryWandersAndTimesAdvance() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (KubeletSimulator sim = start(1, 10, 5, clock)) {
      String node = sim.nodeNames().get(0);
      Map<SeriesKey, SeriesSample> before = index(parse(sim.summary(node)));
      clock.advance(Duration.ofSeconds(10));
      Map<SeriesKey, SeriesSample> after = index(parse(sim.summary(node)));

      SeriesKey cpu = SeriesKey.of("node_cpu_usage_seconds_total", "node", "n");
      assertThat(after.get(cpu).value()).isGreaterThan(before.get(cpu).value());
      assertThat(after.get(cpu).timestampMillis()).isGreaterThan(before.get(cpu).timestampMillis());
      long changedMemory =
          after.keySet().stream()
              .filter(k -> k.metric().equals("container_memory_working_set_bytes"))
              .filter(k -> before.containsKey(k))
              .filter(k -> before.get(k).value() != after.get(k).value())
              .count();
      assertThat(changedMemory).isPositive();
    }
  }

  @Test
  void restartsResetContainerCountersWhileTheNodeCounterOnlyGrowsAndPodsComeAndGo()
      throws Exception {
    ManualClock clock = new ManualClock(START);
    try (KubeletSimulator sim = start(1, 30, 11, clock)) {
      String node = sim.nodeNames().get(0);
      Map<SeriesKey, Double> lastCpu = new HashMap<>();
      Set<String> firstPods = pods(parse(sim.summary(node)));
      double lastNodeCpu = -1;
      int resets = 0;
      Set<String> pods = firstPods;
      for (int i = 0; i < 2000; i++) {
        clock.advance(Duration.ofSeconds(10));
        List<SeriesSample> samples = parse(sim.summary(node));
        for (SeriesSample s : samples) {
          if (s.series().metric().equals("container_cpu_usage_seconds_total")) {
            Double previous = lastCpu.put(s.series(), s.value());
            if (previous != null && s.value() < previous) {
              resets++;
            }
          } else if (s.series().metric().equals("node_cpu_usage_seconds_total")) {
            assertThat(s.value()).isGreaterThan(lastNodeCpu);
            lastNodeCpu = s.value();
          }
        }
        pods = pods(samples);
        assertThat(pods).hasSize(30);
      }
      assertThat(resets).as("container restarts seen").isPositive();
      assertThat(pods).as("pods replaced over time").isNotEqualTo(firstPods);
    }
  }

  private static List<SeriesSample> parse(byte[] summary) throws Exception {
    List<SeriesSample> out = new ArrayList<>();
    new SummaryParser().parse(summary, "n", (s, ts, v) -> out.add(new SeriesSample(s, ts, v)));
    return out;
  }

  private static Map<SeriesKey, SeriesSample> index(List<SeriesSample> samples) {
    Map<SeriesKey, SeriesSample> out = new HashMap<>();
    samples.forEach(s -> out.put(s.series(), s));
    return out;
  }

  private static Set<String> pods(List<SeriesSample> samples) {
    Set<String> out = new HashSet<>();
    for (SeriesSample s : samples) {
      if (s.series().label("pod") != null) {
        out.add(s.series().label("namespace") + "/" + s.series().label("pod"));
      }
    }
    return out;
  }
}
