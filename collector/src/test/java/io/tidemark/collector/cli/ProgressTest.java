package io.tidemark.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsALineAtMostEveryFiveSecondsOffATerminalAndAlwaysTheLast() {
    Progress progress = new Progress(err, false, () -> now);

    progress.update(() -> "too soon");
    now += 5_000_000_000L;
    progress.update(() -> "five seconds");
    now += 1_000_000_000L;
    progress.update(() -> "too soon again");
    progress.finish("done");

    assertThat(printed()).isEqualTo("five seconds\ndone\n");
  }

  @Test
  void rewritesOneLineOnATerminal() {
    Progress progress = new Progress(err, true, () -> now);

    now += 250_000_000L;
    progress.update(() -> "a longer text");
    now += 250_000_000L;
    progress.update(() -> "short");
    progress.finish("done");

    assertThat(printed()).isEqualTo("\ra longer text\rshort        \rdone \n");
  }

  @Test
  void clearsItsLineBeforeOtherOutput() {
    Progress progress = new Progress(err, true, () -> now);

    now += 250_000_000L;
    progress.update(() -> "12345");
    progress.clear();

    assertThat(printed()).isEqualTo("\r12345\r     \r");
  }

  @Test
  void drawsABarWithThePercentage() {
    assertThat(Progress.bar(0, 10)).isEqualTo("[                    ]   0%");
    assertThat(Progress.bar(5, 10)).isEqualTo("[##########          ]  50%");
    assertThat(Progress.bar(10, 10)).isEqualTo("[####################] 100%");
    assertThat(Progress.bar(3, 0)).isEqualTo("[####################] 100%");
  }
}
