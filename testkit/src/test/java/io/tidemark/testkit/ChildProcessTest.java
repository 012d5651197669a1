package io.tidemark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir Path dir;

  private ChildProcess sh(String script) throws Exception {
    return ChildProcess.start("sh", List.of("sh", "-c", script), dir, dir.resolve("logs/sh.log"));
  }

  @Test
  void itsOutputGoesToTheLogAndSigtermStopsIt() throws Exception {
    try (ChildProcess child = sh("echo one; echo two >&2; exec sleep 60")) {
      child.awaitReady("two lines", Duration.ofSeconds(30), () -> child.logTail(5).contains("two"));
      assertThat(child.logTail(1)).isEmpty(); // the last line is the one being written
      assertThat(child.logTail(3)).isEqualTo("one\ntwo\n");
      assertThat(child.isAlive()).isTrue();

      assertThat(child.stop(Duration.ofSeconds(30))).isEqualTo(143);
      assertThat(child.killed()).isFalse();
      assertThat(child.isAlive()).isFalse();
    }
    assertThat(Files.readString(dir.resolve("logs/sh.log"))).isEqualTo("one\ntwo\n");
  }

  @Test
  void whatOutlivesTheGracePeriodIsKilled() throws Exception {
    ChildProcess child = sh("trap '' TERM; echo trapped; while true; do sleep 1; done");
    child.awaitReady(
        "the trap", Duration.ofSeconds(30), () -> child.logTail(5).contains("trapped"));
    assertThat(child.stop(Duration.ofMillis(500))).isEqualTo(137);
    assertThat(child.killed()).isTrue();
  }

  @Test
  void aChildThatExitsBeforeItIsReadyFailsWithItsLog() throws Exception {
    ChildProcess child = sh("echo cannot bind; exit 3");
    assertThatThrownBy(() -> child.awaitReady("never", Duration.ofSeconds(30), () -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sh exited with status 3")
        .hasMessageContaining("cannot bind");
    assertThatThrownBy(child::ensureAlive).hasMessageContaining("status 3");
  }

  @Test
  void aChildThatIsNotReadyInTimeIsStopped() throws Exception {
    ChildProcess child = sh("exec sleep 60");
    assertThatThrownBy(
            () -> child.awaitHttpOk(java.net.URI.create("http://127.0.0.1:1/"), Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not come up (200 at http://127.0.0.1:1/)");
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void aSignalReachesIt() throws Exception {
    try (ChildProcess child = sh("trap 'echo hup' HUP; echo ready; while true; do sleep 1; done")) {
      child.awaitReady("ready", Duration.ofSeconds(30), () -> child.logTail(5).contains("ready"));
      child.signal("HUP");
      child.awaitReady("hup", Duration.ofSeconds(30), () -> child.logTail(5).contains("hup"));
    }
  }

  @Test
  void freePortsAreOnLoopbackAndUsable() throws Exception {
    int port = ChildProcess.freePort();
    assertThat(port).isBetween(1, 65535);
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
