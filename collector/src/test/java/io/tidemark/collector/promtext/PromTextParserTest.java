package io.tidemark.collector.promtext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromTextParserTest {

  /** The valid cases of the expfmt suite that need quoted (UTF-8) names: rejected as such. */
  private static final Set<String> NEEDS_QUOTED_NAMES =
      Set.of(
          "valid-05.txt",
          "valid-06.txt",
          "valid-07.txt",
          "valid-08.txt",
          "valid-09.txt",
          "valid-10.txt",
          "valid-11.txt");

  private static final Pattern LINE = Pattern.compile("in line (\\d+)");

  private final PromTextParser parser = new PromTextParser();

  record Parsed(
      String metric, MetricType type, Map<String, String> labels, double value, long ts) {}

  private List<Parsed> parse(String text) throws PromTextParseException {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<Parsed> parse(byte[] bytes) throws PromTextParseException {
    List<Parsed> out = new ArrayList<>();
    parser.parse(
        bytes,
        (metric, type, names, values, count, value, ts) -> {
          Map<String, String> labels = new LinkedHashMap<>();
          for (int i = 0; i < count; i++) {
            labels.put(names[i], values[i]);
          }
          out.add(new Parsed(metric, type, labels, value, ts));
        });
    return out;
  }

  private static List<String[]> cases(Path tsv) throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String row : Files.readAllLines(tsv).subList(1, Files.readAllLines(tsv).size())) {
      rows.add(row.split("\t"));
    }
    return rows;
  }

  @Test
  void agreesWithExpfmtOnEveryCase() throws Exception {
    Path dir = Fixtures.require("prometheus-text/expfmt");
    List<String> disagreements = new ArrayList<>();
    int checked = 0;
    for (String[] row : cases(dir.resolve("cases.tsv"))) {
      String file = row[0];
      byte[] bytes = Files.readAllBytes(dir.resolve(file));
      checked++;
      if (row[1].equals("valid")) {
        try {
          parse(bytes);
          if (NEEDS_QUOTED_NAMES.contains(file)) {
            disagreements.add(file + ": quoted names were expected to be rejected");
          }
        } catch (PromTextParseException e) {
          if (!NEEDS_QUOTED_NAMES.contains(file) || !e.getMessage().contains("not supported")) {
            disagreements.add(file + ": " + e.getMessage());
          }
        }
      } else {
        // The legacy-mode column: this parser validates names as Prometheus' legacy mode does.
        String expected = row[5];
        Matcher line = LINE.matcher(expected);
        try {
          parse(bytes);
          disagreements.add(file + ": accepted, expected " + expected);
        } catch (PromTextParseException e) {
          if (line.find() && e.line() != Integer.parseInt(line.group(1))) {
            disagreements.add(file + ": " + e.getMessage() + ", expected " + expected);
          }
        }
      }
    }
    assertThat(checked).isEqualTo(66);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void readsTheKubeletResourcePayload() throws Exception {
    byte[] bytes =
        Files.readAllBytes(
            Fixtures.require(
                "kubelet/metrics-resource/kubernetes-sigs-metrics-server-k8s-1.21-kind-70pods.txt"));

    List<Parsed> samples = parse(bytes);

    assertThat(samples).hasSize(70 * 4 + 3);
    assertThat(samples)
        .contains(
            new Parsed(
                "container_cpu_usage_seconds_total",
                MetricType.COUNTER,
                Map.of(
                    "container", "coredns",
                    "namespace", "kube-system",
                    "pod", "coredns-558bd4d5db-4dpjz"),
                4.710169,
                1633253812125L),
            new Parsed("scrape_error", MetricType.GAUGE, Map.of(), 0, SampleVisitor.NO_TIMESTAMP));
    assertThat(samples)
        .filteredOn(p -> p.metric().equals("node_memory_working_set_bytes"))
        .singleElement()
        .satisfies(p -> assertThat(p.type()).isEqualTo(MetricType.GAUGE));
  }

  @Test
  void readsTheThreeCadvisorPayloads() throws Exception {
    for (String name :
        List.of(
            "newrelic-nri-kubernetes-k8s-1.15.0-docker.txt",
            "newrelic-nri-kubernetes-k8s-1.25.13-containerd.txt",
            "newrelic-nri-kubernetes-k8s-1.35.0-containerd.txt")) {
      Path file = Fixtures.require("kubelet/metrics-cadvisor/" + name);
      List<String> lines = Files.readAllLines(file);
      long sampleLines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();

      List<Parsed> samples = parse(Files.readAllBytes(file));

      assertThat(samples).as(name).hasSize((int) sampleLines);
      assertThat(samples)
          .as(name)
          .anyMatch(p -> p.metric().equals("container_cpu_usage_seconds_total"))
          .anyMatch(p -> p.metric().equals("machine_memory_bytes"));
    }
  }

  @Test
  void readsConcreteCadvisorValues() throws Exception {
    Path file =
        Fixtures.require(
            "kubelet/metrics-cadvisor/newrelic-nri-kubernetes-k8s-1.35.0-containerd.txt");
    String line =
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("machine_memory_bytes"))
            .findFirst()
            .orElseThrow();
    double value = Double.parseDouble(line.split(" ")[1]);

    assertThat(parse(Files.readAllBytes(file)))
        .filteredOn(p -> p.metric().equals("machine_memory_bytes"))
        .extracting(Parsed::value)
        .containsExactly(value);
  }

  @Test
  void handlesWhitespaceEscapesAndSpecialValues() throws Exception {
    List<Parsed> samples =
        parse(
            "# TYPE name counter\n"
                + "name {a=\"x\\\"y\\\\z\\nw\" , } +Inf 1234567890\n"
                + "\tname{a=\"2\"}\t-Inf\n"
                + "name{a=\"3\"} NaN -5\n"
                + "other 08\n"
                + "other2 .5e-3\n");

    assertThat(samples.get(0).labels()).containsEntry("a", "x\"y\\z\nw");
    assertThat(samples.get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(samples.get(0).ts()).isEqualTo(1234567890L);
    assertThat(samples.get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(2).value()).isNaN();
    assertThat(samples.get(2).ts()).isEqualTo(-5L);
    assertThat(samples.get(3).value()).isEqualTo(8.0);
    assertThat(samples.get(4).value()).isEqualTo(0.0005);
  }

  @Test
  void parsesNumbersExactlyAsTheJdkDoes() throws Exception {
    String[] numbers = {
      "0",
      "-0",
      "1.234",
      "-3e3",
      "1.7560473e+06",
      "4.0783872e+07",
      "0.1",
      "0.3",
      "123456789012345678901234567890",
      "2.2250738585072014E-308",
      "4.9e-324",
      "1e400",
      "9007199254740993",
      "0.000001234",
      "62.148052",
      "1633253812.125"
    };
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < numbers.length; i++) {
      text.append("m").append(i).append(' ').append(numbers[i]).append('\n');
    }
    List<Parsed> samples = parse(text.toString());
    for (int i = 0; i < numbers.length; i++) {
      assertThat(samples.get(i).value()).as(numbers[i]).isEqualTo(Double.parseDouble(numbers[i]));
    }
  }

  @Test
  void checksLeAndQuantileLabelsAsFloatsAsWritten() throws Exception {
    String histogram = "# TYPE h histogram\n";
    String summary = "# TYPE s summary\n";

    assertThat(parse(histogram + "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\n"))
        .extracting(p -> p.labels().get("le"))
        .containsExactly("0.5", "+Inf");
    assertThat(parse(summary + "s{quantile=\"1e-1\"} 1\ns{quantile=\"NaN\"} 2\n")).hasSize(2);
    for (String bad : new String[] {"", "x", "0.5 ", "0x1p3", "1\\n", "1\\\\", "\\\"1\\\""}) {
      assertThatThrownBy(() -> parse(histogram + "h_bucket{le=\"" + bad + "\"} 1\n"))
          .as(bad)
          .hasMessage(
              "text format parsing error in line 2: expected float as value for 'le' label");
      assertThatThrownBy(() -> parse(summary + "s{quantile=\"" + bad + "\"} 1\n"))
          .as(bad)
          .hasMessageContaining("expected float as value for 'quantile' label");
    }
  }

  @Test
  void countsAndSkipsDuplicateSeries() throws Exception {
    byte[] text = "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\na{x=\"2\"} 3\n".getBytes();
    List<Double> values = new ArrayList<>();

    PromTextParser.Result result =
        parser.parse(text, (m, t, n, v, c, value, ts) -> values.add(value));

    assertThat(values).containsExactly(1.0, 3.0);
    assertThat(result).isEqualTo(new PromTextParser.Result(2, 1));
  }

  @Test
  void rejectsMissingFinalNewlineWithTheLine() {
    PromTextParseException e =
        catchThrowableOfType(PromTextParseException.class, () -> parse("a 1\n\nb 2"));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessage("text format parsing error in line 3: unexpected end of input stream");
  }

  @Test
  void rejectsInvalidUtf8InLabelValues() {
    byte[] bytes = {'a', '{', 'x', '=', '"', (byte) 0xc3, '"', '}', ' ', '1', '\n'};
    assertThatThrownBy(() -> parse(bytes)).hasMessageContaining("invalid UTF-8");
  }

  @Test
  void keepsParsingCorrectlyAcrossPayloadsWithTheSameParser() throws Exception {
    assertThat(parse("a{x=\"1\"} 1\n")).hasSize(1);
    assertThat(parse("a{x=\"1\"} 2\n")).singleElement().extracting(Parsed::value).isEqualTo(2.0);
    assertThat(parse("# TYPE a gauge\na 1\n"))
        .singleElement()
        .extracting(Parsed::type)
        .isEqualTo(MetricType.GAUGE);
  }
}
