package io.tidemark.collector.promtext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FloatReaderTest {

  private final FloatReader reader = new FloatReader();

  private boolean read(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return reader.read(bytes, 0, bytes.length);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "+0",
        "0.0",
        "-0.0e5",
        "1",
        "+1",
        "-1",
        "007",
        "1.",
        ".5",
        "-.5",
        "+.5e-3",
        "1.234",
        "1e3",
        "1E3",
        "1e+3",
        "-3e-3",
        "1.7560473e+06",
        "4.0783872e+07",
        "0.1",
        "0.3",
        "62.148052",
        "1633253812.125",
        "0.000001234",
        "9007199254740993",
        "123456789012345678",
        "1234567890123456789",
        "123456789012345678901234567890",
        "0.123456789012345678901234567890",
        "1e22",
        "1e23",
        "1e-22",
        "1e-23",
        "1.7976931348623157e308",
        "2.2250738585072014E-308",
        "4.9e-324",
        "1e400",
        "-1e400",
        "1e-400",
        "1e99999999999",
        "1e-99999999999"
      })
  void readsDecimalsExactlyAsTheJdkDoes(String text) {
    assertThat(read(text)).isTrue();
    assertThat(reader.value()).isEqualTo(Double.parseDouble(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Inf", "+Inf", "inf", "INF", "Infinity", "+infinity", "INFINITY"})
  void readsPositiveInfinityInAnyCaseWithOrWithoutPlus(String text) {
    assertThat(read(text)).isTrue();
    assertThat(reader.value()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Inf", "-inf", "-Infinity", "-iNfInItY"})
  void readsNegativeInfinityInAnyCase(String text) {
    assertThat(read(text)).isTrue();
    assertThat(reader.value()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "NAN", "nAn"})
  void readsNanInAnyCaseWithoutASign(String text) {
    assertThat(read(text)).isTrue();
    assertThat(reader.value()).isNaN();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "+",
        "-",
        ".",
        "-.",
        "e3",
        ".e3",
        "1e",
        "1e+",
        "1e-",
        "1e3.5",
        "1.2.3",
        "1..",
        "--1",
        "+-1",
        " 1",
        "1 ",
        "1_000",
        "0x1p3",
        "0x10",
        "0b1",
        "0o7",
        "1.0d",
        "1f",
        "1D",
        "1L",
        "+NaN",
        "-NaN",
        "NaN1",
        "Na",
        "In",
        "Infinit",
        "Infinityy",
        "Inf1",
        "١",
        "１"
      })
  void rejectsAnythingElse(String text) {
    assertThat(read(text)).as("'%s'", text).isFalse();
  }

  @Test
  void leavesTheLastValueWhenItRejects() {
    assertThat(read("2.5")).isTrue();

    assertThat(read("2.5x")).isFalse();

    assertThat(reader.value()).isEqualTo(2.5);
  }

  @Test
  void readsOnlyTheGivenRangeOfTheBuffer() {
    byte[] line = "m{le=\"0.25\"} 1.5e3 17\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(reader.read(line, 6, 10)).isTrue();
    assertThat(reader.value()).isEqualTo(0.25);
    assertThat(reader.read(line, 13, 18)).isTrue();
    assertThat(reader.value()).isEqualTo(1500.0);
    assertThat(reader.read(line, 13, 19)).isFalse();
  }
}
