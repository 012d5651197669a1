package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.CorruptValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code JournalRecord/2}: every value back bit for bit, each in its cheapest kind. */
class JournalCodecTest {

  private static final long T0 = 1_763_000_000_000L;

  private record Entry(long id, long ts, long bits) {}

  private static List<Entry> roundTrip(List<Entry> entries) {
    JournalCodec journal = new JournalCodec(entries.size());
    for (Entry e : entries) {
      journal.add(e.id(), e.ts(), Double.longBitsToDouble(e.bits()));
    }
    List<Entry> read = new ArrayList<>();
    JournalCodec.read(
        Keys.sequence(1),
        journal.finish(),
        (id, ts, v) -> read.add(new Entry(id, ts, Double.doubleToRawLongBits(v))));
    return read;
  }

  private static Entry entry(long id, long ts, double value) {
    return new Entry(id, ts, Double.doubleToRawLongBits(value));
  }

  @Test
  void readsBackEveryValueBitForBit() {
    double[] values = {
      0,
      -0.0,
      1,
      -1,
      0x1p53 - 1,
      -(0x1p53 - 1),
      0x1p53,
      0x1p63,
      1e300,
      -1e300,
      Double.MAX_VALUE,
      Double.MIN_VALUE,
      Double.MIN_NORMAL,
      Double.NaN,
      Double.longBitsToDouble(0x7ff0000000000badL),
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0.1,
      0.1 + 0.2,
      12345.678901234,
      -12345.678901234,
      4.710169,
      1e-9,
      1.5e-10,
      9_007_199.254_740_993,
      1661283975.5,
      1e15 + 0.5
    };
    SplittableRandom random = new SplittableRandom(7);
    List<Entry> entries = new ArrayList<>();
    long id = 1;
    for (double v : values) {
      entries.add(entry(id, T0 + random.nextInt(-20_000, 20_000), v));
      id = random.nextLong(1, 1L << 61);
    }
    for (int i = 0; i < 10_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextLong(-(1L << 53) + 1, 1L << 53);
            case 2 -> random.nextLong(0, 100_000_000_000_000L) / 1e9;
            default -> random.nextDouble() * 1e6;
          };
      entries.add(entry(random.nextLong(0, 1L << 61), random.nextLong(), v));
    }

    assertThat(roundTrip(entries)).isEqualTo(entries);
  }

  @Test
  void choosesTheCheapestKindForKubeletValues() {
    assertThat(bytesFor(4.0e9)).as("memory in bytes, an integer").isEqualTo(5);
    assertThat(bytesFor(12345.678901234)).as("CPU seconds, nine decimals").isEqualTo(7);
    assertThat(bytesFor(4.710169)).as("CPU seconds, six decimals").isEqualTo(4);
    assertThat(bytesFor(0.1 + 0.2)).as("no short decimal: raw").isEqualTo(8);
    assertThat(bytesFor(-0.0)).as("-0.0 keeps its sign: raw").isEqualTo(8);
  }

  /** Bytes of the value alone: a consecutive id and the same timestamp take a byte each. */
  private static int bytesFor(double value) {
    JournalCodec one = new JournalCodec(1);
    one.add(1, T0, 0);
    JournalCodec two = new JournalCodec(2);
    two.add(1, T0, 0);
    two.add(2, T0, value);
    return two.finish().length - one.finish().length - 2;
  }

  @Test
  void aRecordOfAnotherVersionNamesLayoutKeyAndWhatWasFound() {
    JournalCodec journal = new JournalCodec(1);
    journal.add(1, T0, 1);
    byte[] record = journal.finish();
    record[1] = 1;

    assertThatThrownBy(() -> JournalCodec.read(Keys.sequence(42), record, (id, ts, v) -> {}))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("JournalRecord/2")
        .hasMessageContaining(Keys.printable(Keys.sequence(42)))
        .hasMessageContaining("expected magic 0xa7 version 2, found magic 0xa7 version 1");
  }

  @Test
  void aDamagedOrTruncatedRecordIsReported() {
    JournalCodec journal = new JournalCodec(2);
    journal.add(1, T0, 1.5);
    journal.add(2, T0, 7);
    byte[] record = journal.finish();
    byte[] damaged = record.clone();
    damaged[5] ^= 1;

    assertThatThrownBy(() -> JournalCodec.read(Keys.sequence(1), damaged, (id, ts, v) -> {}))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("checksum mismatch");
    assertThatThrownBy(() -> JournalCodec.read(Keys.sequence(1), new byte[] {(byte) 0xA7}, null))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("only 1 bytes");
  }

  @Test
  void refusesSeriesIdsOutOfRange() {
    JournalCodec journal = new JournalCodec(1);
    assertThatThrownBy(() -> journal.add(1L << 61, T0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> journal.add(-1, T0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
