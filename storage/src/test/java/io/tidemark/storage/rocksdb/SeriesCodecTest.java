package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.CorruptValueException;
import io.tidemark.storage.SeriesKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SeriesCodecTest {

  @Test
  void roundTripsUnicodeAndLongValues() {
    SeriesKey key = SeriesKey.of("m", "pod", "ünï-çødé", "long", "x".repeat(1000));

    assertThat(SeriesCodec.decode(SeriesCodec.encode(key), "k")).isEqualTo(key);
  }

  @Test
  void encodesToTheSpecifiedBytes() {
    // SeriesLabels/1 of up{node="n1"}: "up", one label, "node", "n1".
    assertThat(HexFormat.of().formatHex(SeriesCodec.encode(SeriesKey.of("up", "node", "n1"))))
        .isEqualTo("02" + "7570" + "01" + "04" + "6e6f6465" + "02" + "6e31");
  }

  @Test
  void metricPrefixSelectsExactlyThatMetric() {
    byte[] prefix = SeriesCodec.metricPrefix("up");
    byte[] up = SeriesCodec.encode(SeriesKey.of("up", "node", "n1"));
    byte[] upper = SeriesCodec.encode(SeriesKey.of("upper", "node", "n1"));

    assertThat(Arrays.copyOf(up, prefix.length)).isEqualTo(prefix);
    assertThat(Arrays.copyOf(upper, prefix.length)).isNotEqualTo(prefix);
  }

  @Test
  void reportsTruncatedLabelsWithTheLayoutAndKey() {
    byte[] encoded = SeriesCodec.encode(SeriesKey.of("up", "node", "n1"));
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 1);

    assertThatThrownBy(() -> SeriesCodec.decode(truncated, "series:abc"))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("SeriesLabels/1")
        .hasMessageContaining("series:abc");
  }

  @Test
  void chunkKeysSortByDayThenSeriesThenTimeIncludingNegativeOnes() {
    byte[] before = Keys.chunk(Keys.day(-1L), 7, -1);
    byte[] epoch = Keys.chunk(Keys.day(0L), 7, 0);
    byte[] sameDayLater = Keys.chunk(Keys.day(0L), 7, 5);
    byte[] otherSeries = Keys.chunk(Keys.day(0L), 8, 1);
    byte[] nextDay = Keys.chunk(Keys.day(Keys.DAY_MILLIS), 1, Keys.DAY_MILLIS);

    assertThat(Arrays.compareUnsigned(before, epoch)).isNegative();
    assertThat(Arrays.compareUnsigned(epoch, sameDayLater)).isNegative();
    assertThat(Arrays.compareUnsigned(sameDayLater, otherSeries)).isNegative();
    assertThat(Arrays.compareUnsigned(otherSeries, nextDay)).isNegative();
    assertThat(Keys.dayOf(before, Keys.CHUNK)).isEqualTo(-1);
    assertThat(Keys.seriesOf(otherSeries, Keys.CHUNK)).isEqualTo(8);
    assertThat(Keys.hasPrefix(sameDayLater, Keys.series(0, 7))).isTrue();
    assertThat(Keys.hasPrefix(otherSeries, Keys.series(0, 7))).isFalse();
  }

  @Test
  void reportsAChunkKeyOfTheWrongLength() {
    assertThatThrownBy(() -> Keys.dayOf(new byte[5], Keys.CHUNK))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("ChunkKey/1");
  }
}
