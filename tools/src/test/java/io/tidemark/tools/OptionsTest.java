package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

class OptionsTest {

  private static Namespace load(String... args) throws ArgumentParserException {
    return Options.parse(LoadRun.parser(), args);
  }

  private static Namespace compare(String... args) throws ArgumentParserException {
    return Options.parse(CompareRun.parser(), args);
  }

  @Test
  void givenValuesOverrideDefaults() throws Exception {
    Namespace o = load("--nodes", "20", "--interval=5s", "--keep", "--endpoints", "resource,");
    assertThat(o.getInt("nodes")).isEqualTo(20);
    assertThat((Duration) o.get("interval")).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.getBoolean("keep")).isTrue();
    assertThat(o.<List<String>>get("endpoints")).containsExactly("resource");
    assertThat(compare("--systems", "tidemark, prometheus").<List<String>>get("systems"))
        .containsExactly("tidemark", "prometheus");
    assertThat(load("--nodes", "1_000").getInt("nodes")).isEqualTo(1000);
  }

  @Test
  void defaultsApplyAndAFlagNotGivenIsOff() throws Exception {
    Namespace o = load();
    assertThat(o.getInt("nodes")).isEqualTo(100);
    assertThat(o.getInt("pods")).isEqualTo(30);
    assertThat((Duration) o.get("interval")).isEqualTo(Duration.ofSeconds(15));
    assertThat((Duration) o.get("duration")).isEqualTo(Duration.ofMinutes(10));
    assertThat((Duration) o.get("warmup")).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.<List<String>>get("endpoints")).containsExactly("summary", "resource");
    assertThat(o.getLong("seed")).isEqualTo(42);
    assertThat(o.getBoolean("keep")).isFalse();
    assertThat(o.<List<String>>get("jvm_opts")).isEmpty();
    assertThat(o.getString("out")).isNull();
    assertThat(o.getString("jar")).isNull();
    Namespace c = compare();
    assertThat(c.<List<String>>get("systems"))
        .containsExactly("tidemark", "prometheus", "victoriametrics");
    assertThat(c.getInt("query_runs")).isEqualTo(5);
    assertThat(c.getString("prometheus_bin")).isEqualTo("prometheus");
    assertThat(c.getString("victoriametrics_bin")).isEqualTo("victoria-metrics");
    assertThat(c.getString("warmup")).isNull(); // three intervals, decided by the run
  }

  @Test
  void jvmOptionsAreSplitOnWhiteSpace() throws Exception {
    assertThat(load("--jvm-opts", " -Xmx1g  -XX:+UseZGC ").<List<String>>get("jvm_opts"))
        .containsExactly("-Xmx1g", "-XX:+UseZGC");
    // a value starting with a dash is the value, not another option
    Namespace o = load("--jvm-opts", "-Xmx1g", "--simulator-jvm-opts", "-Xmx256m -Xss1m");
    assertThat(o.<List<String>>get("jvm_opts")).containsExactly("-Xmx1g");
    assertThat(o.<List<String>>get("simulator_jvm_opts")).containsExactly("-Xmx256m", "-Xss1m");
  }

  @Test
  void rejectsWhatItDoesNotKnowNamingTheOption() {
    assertThatThrownBy(() -> load("--nodez", "3"))
        .isInstanceOf(ArgumentParserException.class)
        .hasMessageContaining("--nodez");
    assertThatThrownBy(() -> load("--nodes")).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> load("20")).hasMessageContaining("'20'");
    assertThatThrownBy(() -> load("--keep=yes")).hasMessageContaining("--keep");
    assertThatThrownBy(() -> load("--nodes", "0"))
        .hasMessage("argument --nodes: must be positive, not 0");
    assertThatThrownBy(() -> load("--pods", "many"))
        .hasMessage("argument --pods: must be a whole number, not 'many'");
    assertThatThrownBy(() -> load("--interval", "soon"))
        .hasMessage("argument --interval: must be a duration such as 15s, 10m or 1h, not 'soon'");
    assertThatThrownBy(() -> load("--endpoints", " , "))
        .hasMessage("argument --endpoints: must list at least one value");
    assertThatThrownBy(() -> load("--seed", "x")).hasMessageContaining("--seed");
    assertThatThrownBy(() -> compare("--systems", "tidemark,thanos"))
        .hasMessageContaining("--systems")
        .hasMessage(
            "argument --systems: unknown system 'thanos';"
                + " use [tidemark, prometheus, victoriametrics]");
    assertThatThrownBy(() -> compare("--query-runs", "-1")).hasMessageContaining("--query-runs");
  }

  @Test
  void durationsFormatInTheShortestUnitEverySystemReads() {
    assertThat(Options.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Options.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Options.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Options.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Options.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void usageListsEveryOptionWithItsDefault() {
    String load = LoadRun.parser().formatHelp();
    assertThat(load)
        .startsWith("usage: tools/load.sh")
        .contains("--nodes VALUE")
        .contains("simulated nodes (default 100)")
        .contains("(default 2m)")
        .contains("(default summary,resource)")
        .contains("--keep ")
        .contains("(default none)")
        .contains("(default tools/results/load-TIMESTAMP)");
    for (String option :
        List.of(
            "nodes",
            "pods",
            "interval",
            "duration",
            "warmup",
            "endpoints",
            "out",
            "jvm-opts",
            "simulator-jvm-opts",
            "seed",
            "jar",
            "keep")) {
      assertThat(load).contains("--" + option + " ");
    }
    String compare = CompareRun.parser().formatHelp();
    assertThat(compare)
        .startsWith("usage: tools/compare.sh")
        .contains("(default 3 intervals)")
        .contains("(default tidemark,prometheus,victoriametrics)")
        .contains("(default victoria-metrics)");
    for (String option :
        List.of("systems", "query-runs", "prometheus-bin", "victoriametrics-bin")) {
      assertThat(compare).contains("--" + option + " ");
    }
  }

  @Test
  void everyOptionOfTheHelpIsAccepted() throws Exception {
    ArgumentParser parser = CompareRun.parser();
    Namespace o =
        Options.parse(
            parser,
            new String[] {
              "--nodes",
              "2",
              "--pods",
              "3",
              "--interval",
              "1s",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--systems",
              "tidemark",
              "--out",
              "/tmp/x",
              "--jvm-opts",
              "-Xmx1g",
              "--simulator-jvm-opts",
              "-Xmx64m",
              "--seed",
              "-7",
              "--query-runs",
              "1",
              "--prometheus-bin",
              "/bin/p",
              "--victoriametrics-bin",
              "/bin/v",
              "--jar",
              "t.jar",
              "--keep"
            });
    assertThat(o.getLong("seed")).isEqualTo(-7);
    assertThat((Duration) o.get("warmup")).isEqualTo(Duration.ZERO);
    assertThat(o.getString("jar")).isEqualTo("t.jar");
  }
}
