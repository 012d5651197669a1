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
  void sampleKeysSortByTimestampIncludingNegativeOnes() {
    byte[] negative = SampleCodec.key(7, -1);
    byte[] zero = SampleCodec.key(7, 0);
    byte[] positive = SampleCodec.key(7, 1);

    assertThat(Arrays.compareUnsigned(negative, zero)).isNegative();
    assertThat(Arrays.compareUnsigned(zero, positive)).isNegative();
    assertThat(SampleCodec.timestamp(negative)).isEqualTo(-1);
    assertThat(SampleCodec.seriesId(positive)).isEqualTo(7);
  }

  @Test
  void reportsAShortSampleValue() {
    assertThatThrownBy(() -> SampleCodec.value(SampleCodec.key(1, 1), new byte[3]))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("RawSample/1");
  }
}
