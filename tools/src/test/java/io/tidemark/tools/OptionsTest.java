package io.tidemark.tools;

import static io.tidemark.tools.Options.Option.flag;
import static io.tidemark.tools.Options.Option.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  private static final List<Options.Option> DECLARED =
      List.of(
          value("nodes", "100", "simulated nodes"),
          value("interval", "15s", "scrape interval"),
          value("systems", "tidemark,prometheus", "systems"),
          value("jvm-opts", "", "JVM options"),
          flag("keep", "keep the work directory"));

  @Test
  void givenValuesOverrideDefaults() {
    Options o = Options.parse(new String[] {"--nodes", "20", "--interval=5s", "--keep"}, DECLARED);
    assertThat(o.positiveInt("nodes")).isEqualTo(20);
    assertThat(o.duration("interval")).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.flag("keep")).isTrue();
    assertThat(o.list("systems")).containsExactly("tidemark", "prometheus");
  }

  @Test
  void defaultsApplyAndAFlagNotGivenIsOff() {
    Options o = Options.parse(new String[0], DECLARED);
    assertThat(o.positiveInt("nodes")).isEqualTo(100);
    assertThat(o.duration("interval")).isEqualTo(Duration.ofSeconds(15));
    assertThat(o.flag("keep")).isFalse();
    assertThat(o.words("jvm-opts")).isEmpty();
  }

  @Test
  void jvmOptionsAreSplitOnWhiteSpace() {
    Options o = Options.parse(new String[] {"--jvm-opts", " -Xmx1g  -XX:+UseZGC "}, DECLARED);
    assertThat(o.words("jvm-opts")).containsExactly("-Xmx1g", "-XX:+UseZGC");
  }

  @Test
  void rejectsWhatItDoesNotKnowNamingTheOption() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--nodez", "3"}, DECLARED))
        .hasMessage("unknown option --nodez");
    assertThatThrownBy(() -> Options.parse(new String[] {"--nodes"}, DECLARED))
        .hasMessage("--nodes needs a value");
    assertThatThrownBy(() -> Options.parse(new String[] {"20"}, DECLARED))
        .hasMessageContaining("unexpected argument");
    assertThatThrownBy(() -> Options.parse(new String[] {"--keep=yes"}, DECLARED))
        .hasMessage("--keep takes no value");
    Options bad = Options.parse(new String[] {"--nodes", "0", "--interval", "soon"}, DECLARED);
    assertThatThrownBy(() -> bad.positiveInt("nodes")).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> bad.duration("interval")).hasMessageContaining("--interval");
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
    String usage = Options.usage("usage: x", DECLARED);
    assertThat(usage)
        .contains("--nodes VALUE")
        .contains("(default 100)")
        .contains("--keep ")
        .contains("(default none)");
  }
}
