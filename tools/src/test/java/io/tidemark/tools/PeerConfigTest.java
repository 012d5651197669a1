package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerConfigTest {

  private static final List<SimulatorProcess.Target> FLEET =
      List.of(
          new SimulatorProcess.Target(
              "sim-node-000", URI.create("http://127.0.0.1:41993/nodes/sim-node-000")),
          new SimulatorProcess.Target(
              "sim-node-001", URI.create("http://127.0.0.1:41993/nodes/sim-node-001/")));

  @TempDir Path dir;

  @Test
  void everyNodeIsATargetWithItsOwnMetricsPathAndNodeLabel() throws Exception {
    JsonNode yaml =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                PeerConfig.prometheusYaml(FLEET, Duration.ofSeconds(15), Duration.ofSeconds(10)));

    assertThat(yaml.at("/global/scrape_interval").asText()).isEqualTo("15s");
    assertThat(yaml.at("/global/scrape_timeout").asText()).isEqualTo("10s");
    JsonNode job = yaml.at("/scrape_configs/0");
    assertThat(job.path("honor_timestamps").asBoolean()).isTrue();
    JsonNode targets = job.path("static_configs");
    assertThat(targets).hasSize(2);
    for (int i = 0; i < 2; i++) {
      String node = "sim-node-00" + i;
      assertThat(targets.get(i).at("/targets/0").asText()).isEqualTo("127.0.0.1:41993");
      assertThat(targets.get(i).at("/labels/__metrics_path__").asText())
          .isEqualTo("/nodes/" + node + "/metrics/resource");
      assertThat(targets.get(i).at("/labels/node").asText()).isEqualTo(node);
    }
    assertThat(job.at("/relabel_configs/0/target_label").asText()).isEqualTo("instance");
    assertThat(job.at("/metric_relabel_configs/0/regex").asText())
        .isEqualTo("container_start_time_seconds");
    assertThat(job.at("/metric_relabel_configs/0/action").asText()).isEqualTo("drop");
  }

  @Test
  void promtoolAcceptsIt() throws Exception {
    Path promtool;
    try {
      promtool = PeerConfig.findBinary("promtool");
    } catch (IllegalArgumentException e) {
      assumeTrue(false, "no promtool on PATH (Debian package prometheus)");
      return;
    }
    Path file =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            PeerConfig.prometheusYaml(FLEET, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void aBinaryIsFoundOnPathOrByItsPath() {
    assertThat(PeerConfig.findBinary("sh")).isExecutable();
    assertThat(PeerConfig.findBinary("/bin/sh")).isEqualTo(Path.of("/bin/sh"));
    assertThatThrownBy(() -> PeerConfig.findBinary("no-such-binary-anywhere"))
        .hasMessageContaining("not found on PATH");
  }
}
