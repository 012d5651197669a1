package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.collector.pods.PodListParser;
import io.tidemark.collector.scrape.SampleSink;
import io.tidemark.collector.summary.Names.Group;
import io.tidemark.collector.summary.Names.Scope;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.testkit.Fixtures;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md lists exactly the series the Summary and {@code /pods} parsers write, and every
 * name of {@link SeriesNames}.
 */
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

  /** The pods block: {@code metric{label,...}}, {@code label_*} standing for the pod labels. */
  private static TreeMap<String, TreeSet<String>> documentedPodSeries() throws Exception {
    String doc = Files.readString(DOC);
    String list =
        doc.substring(
            doc.indexOf("<!-- pods-series:begin -->"), doc.indexOf("<!-- pods-series:end -->"));
    TreeMap<String, TreeSet<String>> out = new TreeMap<>();
    Matcher line = Pattern.compile("(?m)^([a-z_]+)\\{([a-z_*,]+)}$").matcher(list);
    while (line.find()) {
      out.put(line.group(1), new TreeSet<>(List.of(line.group(2).split(","))));
    }
    return out;
  }

  @Test
  void everyPodsSeriesWrittenIsDocumentedWithItsLabels() throws Exception {
    TreeMap<String, TreeSet<String>> written = new TreeMap<>();
    SampleSink collect =
        (k, t, v) -> {
          TreeSet<String> names = written.computeIfAbsent(k.metric(), m -> new TreeSet<>());
          for (String label : k.labels().keySet()) {
            names.add(label.startsWith("label_") ? "label_*" : label);
          }
        };
    PodListParser parser = new PodListParser();
    Path dir = Fixtures.require("kubelet/pods");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        parser.parse(Files.readAllBytes(file), "n", 0, collect);
      }
    }
    try (KubeletSimulator simulator =
        KubeletSimulator.start(
            new SimulatorSpec(1, 20, 1, Duration.ofSeconds(10)), Clock.systemUTC(), 0)) {
      parser.parse(simulator.pods(simulator.nodeNames().get(0)), "n", 0, collect);
    }

    assertThat(documentedPodSeries()).hasSize(5).isEqualTo(written);
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

  @Test
  void everySeriesNameAndLabelOfTheVocabularyIsDocumented() throws Exception {
    String doc = Files.readString(DOC);
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Field field : SeriesNames.class.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      String value = (String) field.get(null);
      // In backticks (a name, a label, a label value, a suffix or a scope prefix with its '_'),
      // a line of a list block, or a label of the pods block.
      Pattern documented =
          Pattern.compile("`" + value + "_?`|(?m)^" + value + "(\\{|$)|[{,]" + value + "[,}]");
      if (!documented.matcher(doc).find()) {
        missing.add(field.getName() + " = " + value);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(missing).isEmpty();
  }

  @Test
  void theSummaryWritesTheNamesTheQuerySideReads() {
    assertThat(Group.OWN.metric(Scope.NODE, Names.CPU_USAGE_SECONDS))
        .isEqualTo(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL);
    assertThat(Group.OWN.metric(Scope.NODE, Names.MEMORY_WORKING_SET))
        .isEqualTo(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES);
    assertThat(Group.OWN.metric(Scope.NODE, Names.MEMORY_AVAILABLE))
        .isEqualTo(SeriesNames.NODE_MEMORY_AVAILABLE_BYTES);
    assertThat(Group.OWN.metric(Scope.CONTAINER, Names.CPU_USAGE_SECONDS))
        .isEqualTo(SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL);
    assertThat(Group.OWN.metric(Scope.CONTAINER, Names.MEMORY_WORKING_SET))
        .isEqualTo(SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES);
  }
}
