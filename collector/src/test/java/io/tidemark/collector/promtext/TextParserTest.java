package io.tidemark.collector.promtext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TextParserTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/openmetrics-text",
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        "application/openmetrics-text;version=0.0.1",
        "Application/OpenMetrics-Text; version=1.0.0"
      })
  void picksTheOpenMetricsParserForOpenMetricsContentTypes(String contentType) {
    assertThat(TextParser.Format.ofContentType(contentType))
        .isEqualTo(TextParser.Format.OPENMETRICS);
    assertThat(TextParser.Format.ofContentType(contentType).newParser())
        .isInstanceOf(OpenMetricsParser.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "text/plain; version=0.0.4; charset=utf-8",
        "text/plain",
        "application/json",
        "application/openmetrics",
        "text/openmetrics-text"
      })
  void picksThePrometheusTextParserForAnythingElse(String contentType) {
    assertThat(TextParser.Format.ofContentType(contentType))
        .isEqualTo(TextParser.Format.PROMETHEUS_TEXT);
    assertThat(TextParser.Format.ofContentType(contentType).newParser())
        .isInstanceOf(PromTextParser.class);
  }

  @Test
  void givesANewParserEachTime() {
    assertThat(TextParser.Format.ofContentType("text/plain").newParser())
        .isNotSameAs(TextParser.Format.ofContentType("text/plain").newParser());
  }

  @Test
  void readsTheSameSamplesThroughEitherParserBehindTheInterface() throws Exception {
    String prometheus = "# TYPE a counter\na_total{x=\"1\"} 1.5e3 1700000000000\nb +Inf\n";
    String openMetrics =
        "# TYPE a counter\na_total{x=\"1\"} 1.5e3 1700000000\n# TYPE b gauge\nb +Inf\n# EOF\n";

    List<String> fromPrometheus =
        samples(TextParser.Format.ofContentType("text/plain").newParser(), prometheus);
    List<String> fromOpenMetrics =
        samples(
            TextParser.Format.ofContentType("application/openmetrics-text").newParser(),
            openMetrics);

    assertThat(fromPrometheus)
        .containsExactly("a_total{x=1} 1500.0 @1700000000000", "b{} Infinity @none");
    assertThat(fromOpenMetrics).isEqualTo(fromPrometheus);
  }

  @Test
  void readsAnInputInBlocksThroughEitherParserBehindTheInterface() throws Exception {
    for (TextParser.Format format : TextParser.Format.values()) {
      TextParser parser = format.newParser();
      List<Integer> lines = new ArrayList<>();
      SampleVisitor visitor = (m, t, n, v, c, value, ts) -> lines.add(parser.line());
      String ending = format == TextParser.Format.OPENMETRICS ? "# EOF\n" : "";

      parser.startInput();
      TextParser.Result first = parser.parseBlock(bytes("a 1 1\na 2 2\n"), 12, visitor);
      TextParser.Result second =
          parser.parseBlock(bytes("a 3 3\n" + ending), 6 + ending.length(), visitor);
      parser.endInput();

      assertThat(first).as("%s", format).isEqualTo(new TextParser.Result(2, 0));
      assertThat(second).as("%s", format).isEqualTo(new TextParser.Result(1, 0));
      assertThat(lines).as("%s", format).containsExactly(1, 2, 3);
    }
  }

  private static List<String> samples(TextParser parser, String text) throws Exception {
    List<String> out = new ArrayList<>();
    parser.parse(
        bytes(text),
        (metric, type, names, values, count, value, ts) -> {
          StringBuilder labels = new StringBuilder();
          for (int i = 0; i < count; i++) {
            labels.append(i == 0 ? "" : ",").append(names[i]).append('=').append(values[i]);
          }
          out.add(
              metric
                  + "{"
                  + labels
                  + "} "
                  + value
                  + " @"
                  + (ts == SampleVisitor.NO_TIMESTAMP ? "none" : Long.toString(ts)));
        });
    return out;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
