package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The series keys {@link SummaryParser} keeps per node from one payload to the next. */
class SeriesKeptTest {

  private static final String FIXTURE =
      "kubelet/stats-summary/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json";

  private final SummaryParser parser = new SummaryParser();

  private List<SeriesSample> parse(SummaryParser p, byte[] payload, String node)
      throws SummaryParseException {
    List<SeriesSample> out = new ArrayList<>();
    p.parse(payload, node, (s, ts, v) -> out.add(new SeriesSample(s, ts, v)));
    return out;
  }

  private static byte[] pods(String... names) {
    StringBuilder json = new StringBuilder("{\"pods\": [");
    for (int i = 0; i < names.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"podRef\": {\"name\": \"")
          .append(names[i])
          .append("\", \"namespace\": \"ns\"},")
          .append("\"cpu\": {\"time\": \"2026-01-01T00:00:0")
          .append(i)
          .append("Z\", \"usageCoreNanoSeconds\": 1000000000},")
          .append("\"volume\": [{\"name\": \"data\", \"time\": \"2026-01-01T00:00:00Z\",")
          .append(" \"usedBytes\": 7}],")
          .append("\"containers\": [{\"name\": \"app\", \"memory\": {\"time\":")
          .append(" \"2026-01-01T00:00:00Z\", \"workingSetBytes\": 4096}}]}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sendsTheSameSamplesWithTheSameKeysOnTheNextPayload() throws Exception {
    byte[] payload = Files.readAllBytes(Fixtures.require(FIXTURE));

    List<SeriesSample> first = parse(parser, payload, "n1");
    List<SeriesSample> second = parse(parser, payload, "n1");

    assertThat(second).isEqualTo(first).isEqualTo(parse(new SummaryParser(), payload, "n1"));
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).series()).isSameAs(first.get(i).series());
    }
  }

  @Test
  void keepsNodesApart() throws Exception {
    byte[] payload = pods("a");

    List<SeriesSample> one = parse(parser, payload, "n1");
    List<SeriesSample> two = parse(parser, payload, "n2");

    assertThat(one).extracting(s -> s.series().label("node")).containsOnly("n1");
    assertThat(two).extracting(s -> s.series().label("node")).containsOnly("n2");
    assertThat(two).hasSameSizeAs(one);
  }

  @Test
  void forgetsPodsAbsentFromTheLastPayload() throws Exception {
    parse(parser, pods("a", "b", "c"), "n1");
    assertThat(parser.podsKept("n1")).isEqualTo(3);

    List<SeriesSample> onlyB = parse(parser, pods("b"), "n1");

    assertThat(parser.podsKept("n1")).isEqualTo(1);
    assertThat(onlyB).extracting(s -> s.series().label("pod")).containsOnly("b");
    // a pod that comes back is named as before
    assertThat(parse(parser, pods("a"), "n1"))
        .extracting(SeriesSample::series)
        .contains(
            SeriesKey.of(
                "pod_cpu_usage_seconds_total", "node", "n1", "namespace", "ns", "pod", "a"),
            SeriesKey.of(
                "pod_volume_used_bytes",
                "node",
                "n1",
                "namespace",
                "ns",
                "pod",
                "a",
                "volume",
                "data"));
  }

  @Test
  void forgetDropsEverythingKeptOfANode() throws Exception {
    parse(parser, pods("a", "b"), "n1");

    parser.forget("n1");

    assertThat(parser.podsKept("n1")).isZero();
  }

  @Test
  void aPayloadThatFailsHalfwayLeavesTheNextOneWhole() throws Exception {
    byte[] payload = Files.readAllBytes(Fixtures.require(FIXTURE));
    List<SeriesSample> expected = parse(new SummaryParser(), payload, "n1");
    parse(parser, payload, "n1");

    assertThatThrownBy(() -> parse(parser, Arrays.copyOf(payload, payload.length / 3), "n1"))
        .isInstanceOf(SummaryParseException.class);

    assertThat(parse(parser, payload, "n1")).isEqualTo(expected);
  }

  @Test
  void parsesOfOneNodeFromManyThreadsAgree() throws Exception {
    byte[] payload = Files.readAllBytes(Fixtures.require(FIXTURE));
    List<SeriesSample> expected = parse(new SummaryParser(), payload, "n1");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<SeriesSample>>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String node = i % 2 == 0 ? "n1" : "n2";
        results.add(pool.submit(() -> parse(parser, payload, node)));
      }
      for (int i = 0; i < results.size(); i++) {
        List<SeriesSample> got = results.get(i).get();
        if (i % 2 == 0) {
          assertThat(got).isEqualTo(expected);
        } else {
          assertThat(got).hasSameSizeAs(expected);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
