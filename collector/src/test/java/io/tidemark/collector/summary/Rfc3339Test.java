package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

  @Test
  void agreesWithTheJdkOnKubeletForms() {
    for (String text :
        new String[] {
          "2026-06-26T10:14:31Z",
          "2018-03-02T13:42:44Z",
          "1970-01-01T00:00:00Z",
          "2024-02-29T23:59:59.999Z",
          "2026-06-26T10:14:31.123456789Z",
          "1969-12-31T23:59:59Z"
        }) {
      assertThat(Rfc3339.parseMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
    }
  }

  @Test
  void acceptsOffsets() {
    assertThat(Rfc3339.parseMillis("2026-06-26T12:14:31+02:00"))
        .isEqualTo(Instant.parse("2026-06-26T10:14:31Z").toEpochMilli());
  }

  @Test
  void rejectsWhatIsNotATimestamp() {
    assertThatThrownBy(() -> Rfc3339.parseMillis("2026-13-26T10:14:31Z"))
        .hasMessageContaining("not an RFC 3339 timestamp");
    assertThatThrownBy(() -> Rfc3339.parseMillis("")).hasMessageContaining("not an RFC 3339");
  }
}
