package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the compression run on a tiny fleet so it cannot rot; it asserts no timing. */
class CompressionRunTest {

  @TempDir Path dir;

  @Test
  void ingestsCompactsAndReportsBytesPerSample() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CompressionRun.main(
          new String[] {"nodes=2", "pods=3", "hours=0.5", "dir=" + dir.resolve("store")});
    } finally {
      System.setOut(original);
    }
    String report = captured.toString(StandardCharsets.UTF_8);

    Matcher ingested = Pattern.compile("ingested ([\\d,]+) samples").matcher(report);
    assertThat(ingested.find()).as(report).isTrue();
    long samples = Long.parseLong(ingested.group(1).replace(",", ""));
    // 2 nodes, 120 rounds: node, pod and container series, a few hundred samples a round
    assertThat(samples).isGreaterThan(120 * 2 * 10);
    assertThat(report).contains("raw chunks (SST)").contains("timestamps ~").contains("values ~");
  }
}
