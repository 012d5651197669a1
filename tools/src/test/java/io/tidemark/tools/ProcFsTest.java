package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

  /** A real line, with the command name made awkward: spaces and parentheses inside it. */
  private static final String STAT =
      "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1234 567 8 9 20 0 48 0"
          + " 2789917 9127880704 144325 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1"
          + " 0 0 0 0 0";

  private static final String STATUS =
      """
      Name:\tjava
      Umask:\t0022
      State:\tS (sleeping)
      VmPeak:\t 9127880 kB
      VmHWM:\t  577300 kB
      VmRSS:\t  412000 kB
      Threads:\t48
      """;

  @Test
  void cpuTicksAreUtimePlusStimeCountedAfterTheCommandName() {
    // utime is field 14 (1234), stime field 15 (567); cutime and cstime (8, 9) are children's
    assertThat(ProcFs.cpuTicks(STAT)).isEqualTo(1234 + 567);
  }

  @Test
  void cpuTicksOfAPlainCommandName() {
    String cat =
        "5161 (cat) R 5159 5159 19417 0 -1 4194304 101 0 0 0 3 2 0 0 20 0 1 0 2789917 3133440"
            + " 407";
    assertThat(ProcFs.cpuTicks(cat)).isEqualTo(5);
  }

  @Test
  void rejectsTextThatIsNoStatLine() {
    assertThatThrownBy(() -> ProcFs.cpuTicks("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcFs.cpuTicks("1 (x) S 1 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too few fields");
  }

  @Test
  void statusFieldsAreReadInBytes() {
    assertThat(ProcFs.statusBytes(STATUS, "VmHWM")).isEqualTo(577300L * 1024);
    assertThat(ProcFs.statusBytes(STATUS, "VmRSS")).isEqualTo(412000L * 1024);
  }

  @Test
  void anAbsentStatusFieldIsMinusOneAndAPrefixIsNotAMatch() {
    assertThat(ProcFs.statusBytes(STATUS, "VmSwap")).isEqualTo(-1);
    assertThat(ProcFs.statusBytes(STATUS, "VmH")).isEqualTo(-1);
  }

  @Test
  void clockTicksMustBeAPositiveNumber() {
    assertThat(ProcFs.parseClockTicks("100\n")).isEqualTo(100);
    assertThatThrownBy(() -> ProcFs.parseClockTicks("0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcFs.parseClockTicks("undefined"))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void readsThisProcessFromProc() {
    ProcFs.Usage usage = ProcFs.read(ProcessHandle.current().pid());
    assertThat(usage.cpuSeconds()).isPositive();
    assertThat(usage.rssBytes()).isPositive();
    assertThat(usage.peakRssBytes()).isGreaterThanOrEqualTo(usage.rssBytes());
  }

  @Test
  void findsThisProcessByItsCommandName() throws Exception {
    long self = ProcessHandle.current().pid();
    String comm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/comm")).strip();
    assertThat(ProcFs.pidsNamed(comm)).contains(self);
    assertThat(ProcFs.pidsNamed("no-such-process-name")).isEmpty();
  }
}
