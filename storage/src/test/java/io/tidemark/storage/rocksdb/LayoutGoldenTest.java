package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import io.tidemark.storage.sketch.LogSketch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The current version of every stored layout, pinned by golden files in {@code
 * src/test/resources/golden} (named after the layout's version, {@code journal-record-v2.bin} for
 * {@code JournalRecord/2}): each test encodes fixed input and must produce the golden bytes, and
 * decoding the golden bytes must give the input back. A change that fails here changes the on-disk
 * format: give the layout a new version instead of editing the file. (A layout's older version is
 * kept, with its file, as long as this version of the store reads it: format 3 reads no {@code
 * JournalRecord/1}, so its file went with its codec.)
 *
 * <p>To write missing golden files: {@code
 * -Dtidemark.golden.write=storage/src/test/resources/golden}.
 */
class LayoutGoldenTest {

  private static final long T0 = 1_763_000_000_000L;

  @Test
  void seriesLabelsAndId() throws IOException {
    SeriesKey key =
        SeriesKey.of(
            "container_cpu_usage_seconds_total", "namespace", "kube-system", "pod", "dns-ü");
    byte[] golden = golden("series-labels-v1.bin", SeriesCodec.encode(key));
    assertThat(SeriesCodec.decode(golden, "golden")).isEqualTo(key);
    byte[] id = golden("series-id-v1.bin", SeriesCodec.encodeId(1234567));
    assertThat(SeriesCodec.decodeId(id, "golden")).isEqualTo(1234567);
  }

  @Test
  void keys() throws IOException {
    byte[] all =
        concat(
            Keys.chunk(Keys.day(T0), 42, T0),
            Keys.series(Keys.day(T0), 42),
            Keys.sequence(99),
            Keys.state(42),
            Keys.stateValue(T0));
    byte[] golden = golden("keys-v1.bin", all);
    byte[] chunkKey = java.util.Arrays.copyOfRange(golden, 0, 20);
    assertThat(Keys.dayOf(chunkKey, Keys.CHUNK)).isEqualTo(Keys.day(T0));
    assertThat(Keys.seriesOf(chunkKey, Keys.CHUNK)).isEqualTo(42);
    assertThat(Keys.sequenceOf(java.util.Arrays.copyOfRange(golden, 32, 40))).isEqualTo(99);
  }

  @Test
  void journalRecord() throws IOException {
    JournalCodec journal = new JournalCodec(8);
    journal.add(1, T0, 0.5); // decimal
    journal.add(300, T0 + 7, Double.NaN); // raw
    journal.add(2, T0 - 1000, -1e300); // raw: whole, but beyond 2^53
    journal.add(3, T0 - 1000, 4.0e9); // integer
    journal.add(4, T0 - 995, 12345.678901234); // decimal, nine places
    journal.add(5, T0 - 995, -0.0); // raw
    journal.add((1L << 61) - 1, T0, -7); // integer, the largest id
    journal.add(6, T0, 0.1 + 0.2); // raw: no decimal of nine places gives these bits
    byte[] golden = golden("journal-record-v2.bin", journal.finish());
    List<String> read = new ArrayList<>();
    JournalCodec.read(new byte[8], golden, (id, ts, v) -> read.add(id + "@" + (ts - T0) + "=" + v));
    assertThat(read)
        .containsExactly(
            "1@0=0.5",
            "300@7=NaN",
            "2@-1000=-1.0E300",
            "3@-1000=4.0E9",
            "4@-995=12345.678901234",
            "5@-995=-0.0",
            ((1L << 61) - 1) + "@0=-7.0",
            "6@0=0.30000000000000004");
  }

  @Test
  void headSnapshot() throws IOException {
    long[] ts = {T0, T0 + 15_000, T0 + 30_002, T0 + 45_000};
    double[] vs = {4.0e9, 4.0e9 + 4096, 4.1e9, Double.NaN};
    byte[] golden =
        golden("head-snapshot-v1.bin", HeadSnapshot.encode(new Entry.Snapshot(ts, vs, 4)));
    var chunk = HeadSnapshot.decode(Keys.state(42), golden);
    assertThat(chunk.count()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(chunk.timestamp(i)).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(chunk.value(i)))
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
  }

  @Test
  void rollupBlocks() throws IOException {
    long[] ts = new long[40];
    double[] gauge = new double[40];
    double[] counter = new double[40];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = T0 + i * 15_013L;
      gauge[i] = 2e9 + (i * 7919 % 101) * 1e5;
      counter[i] = i == 25 ? 0.5 : 100 + i * 0.123456789;
    }
    List<Bucket> gauges = Rollups.compute(ts, gauge, ts.length, 300_000, false);
    List<Bucket> counters = Rollups.compute(ts, counter, ts.length, 300_000, true);
    byte[] key = Keys.series(Keys.day(T0), 1);

    byte[] g = golden("rollup-block-gauge-v1.bin", RollupCodec.encode(gauges));
    byte[] c = golden("rollup-block-counter-v1.bin", RollupCodec.encode(counters));

    assertThat(RollupCodec.decode(key, g)).isEqualTo(gauges);
    assertThat(RollupCodec.decode(key, c)).isEqualTo(counters);
  }

  @Test
  void logSketch() throws IOException {
    LogSketch sketch = new LogSketch();
    for (int i = 0; i < 50; i++) {
      sketch.add(2e9 + (i * 7919 % 101) * 1e6);
    }
    sketch.add(0);
    sketch.add(-3.5);
    byte[] golden = golden("log-sketch-v1.bin", sketch.encode());
    assertThat(LogSketch.decode(golden, "golden")).isEqualTo(sketch);
  }

  @Test
  void chunk() throws IOException {
    long[] ts = {1761998400000L, 1761998410000L, 1761998421000L, 1761998430000L};
    double[] vs = {62.148052, 63.5, 64.000000001, 64.25};
    byte[] golden = golden("chunk-v1.bin", Chunk.encode(ts, vs, ts.length).bytes());
    Chunk decoded = Chunk.decode(golden, "golden");
    assertThat(decoded.count()).isEqualTo(ts.length);
    for (int i = 0; i < ts.length; i++) {
      assertThat(decoded.timestamp(i)).isEqualTo(ts[i]);
      assertThat(decoded.value(i)).isEqualTo(vs[i]);
    }
  }

  @Test
  void metaFormatVersion() throws IOException {
    byte[] written =
        concat(
            Families.metaKey(Families.META_FORMAT),
            SeriesCodec.encodeId(RocksDbStore.FORMAT_VERSION));
    byte[] golden = golden("meta-v1.bin", written);
    int keyLength = Families.META_FORMAT.length();
    assertThat(new String(golden, 0, keyLength, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("format-version");
    assertThat(
            SeriesCodec.decodeId(
                java.util.Arrays.copyOfRange(golden, keyLength, golden.length), "golden"))
        .isEqualTo(3);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The golden bytes, which must equal what the code writes today. */
  private static byte[] golden(String name, byte[] written) throws IOException {
    String target = System.getProperty("tidemark.golden.write");
    if (target != null && !Files.exists(Path.of(target, name))) {
      Files.createDirectories(Path.of(target));
      Files.write(Path.of(target, name), written);
    }
    byte[] golden;
    try (InputStream in = LayoutGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null && target != null) {
        golden = Files.readAllBytes(Path.of(target, name));
      } else {
        assertThat(in).as("golden file " + name).isNotNull();
        golden = in.readAllBytes();
      }
    }
    assertThat(written).as("bytes written for " + name).isEqualTo(golden);
    return golden;
  }
}
