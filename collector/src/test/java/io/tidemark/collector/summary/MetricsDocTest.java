package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.collector.simulator.KubeletSimulator;
import io.tidemark.collector.simulator.SimulatorSpec;
import io.tidemark.query.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists exactly the series the Summary parser writes. */
class MetricsDocTest {

  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  private static TreeSet<String> documented() throws Exception {
    String doc = Files.readString(DOC);
    String list =
        doc.substring(
            doc.indexOf("<!-- summary-series:begin -->"),
            doc.indexOf("<!-- summary-series:end -->"));
    TreeSet<String> names = new TreeSet<>();
    list.lines().filter(l -> l.matches("[a-z_]+")).forEach(names::add);
    return names;
  }

  @Test
  void everySeriesWrittenIsDocumentedAndEveryDocumentedOneIsWritten() throws Exception {
    TreeSet<String> written = new TreeSet<>();
    SummaryParser parser = new SummaryParser();
    Path dir = Fixtures.require("kubelet/stats-summary");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        parser.parse(Files.readAllBytes(file), "n", (k, t, v) -> written.add(k.metric()));
      }
    }
    try (KubeletSimulator simulator =
        KubeletSimulator.start(
            new SimulatorSpec(1, 20, 1, Duration.ofSeconds(10)), Clock.systemUTC(), 0)) {
      parser.parse(
          simulator.summary(simulator.nodeNames().get(0)),
          "n",
          (k, t, v) -> written.add(k.metric()));
    }
    TreeSet<String> documented = documented();

    assertThat(documented).containsAll(written);
    TreeSet<String> notWritten = new TreeSet<>(documented);
    notWritten.removeAll(written);
    assertThat(notWritten).containsExactlyInAnyOrderElementsOf(NOT_IN_ANY_SHARED_PAYLOAD);
  }

  /** Fields the Summary API defines but no shared payload carries; checked by the next test. */
  private static final List<String> NOT_IN_ANY_SHARED_PAYLOAD =
      List.of(
          "container_accelerator_duty_cycle",
          "container_accelerator_memory_total_bytes",
          "container_accelerator_memory_used_bytes",
          "pod_swap_available_bytes");

  @Test
  void readsFieldsNoSharedPayloadHasUnderTheDocumentedNames() throws Exception {
    String json =
        """
        {"pods": [{"podRef": {"name": "p", "namespace": "ns"},
          "swap": {"time": "2026-01-01T00:00:00Z", "swapAvailableBytes": 9},
          "containers": [{"name": "c",
            "cpu": {"time": "2026-01-01T00:00:00Z", "usageCoreNanoSeconds": 1},
            "accelerators": [{"make": "nvidia", "model": "a100", "id": "GPU-1",
                              "memoryTotal": 42, "memoryUsed": 7, "dutyCycle": 55}]}]}]}
        """;
    TreeSet<String> names = new TreeSet<>();
    new SummaryParser()
        .parse(
            json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "n",
            (k, t, v) -> {
              names.add(k.metric());
              if (k.metric().startsWith("container_accelerator")) {
                assertThat(k.labels())
                    .containsEntry("accelerator", "GPU-1")
                    .containsEntry("make", "nvidia")
                    .containsEntry("model", "a100");
              }
            });

    assertThat(names)
        .containsAll(
            documented().stream().filter(n -> n.startsWith("container_accelerator")).toList());
  }
}
