package io.tidemark.query.promql;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.TimeSeriesStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A small store whose query results can be worked out by hand; the engine and HTTP tests share it.
 * Times are seconds after {@link #T0}.
 *
 * <pre>
 * requests_total{job="api",instance="a"}  10s:5  40s:8  70s:11 100s:14       steady, 3 per 30 s
 * requests_total{job="api",instance="b"}  10s:5  40s:8  70s:2  100s:5        reset at 70 s
 * requests_total{job="web",instance="c"}  60s:100 90s:103 120s:106           starts late
 * memory_bytes{job="api",instance="a"}    0s:10  60s:20  120s:30
 * memory_bytes{job="api",instance="b"}    0s:20  60s:40  120s:60
 * memory_bytes{job="web",instance="c"}    0s:0   60s:0   120s:0
 * limit_bytes{job="api"}                  0s:100 60s:100 120s:100
 * usage_bytes{job="web",instance="c"}     120s:1
 * temperature{room="x"}                   0s:1   10s:3   20s:5
 * gone                                    0s:1   60s:stale marker
 * </pre>
 */
public final class PromTestData {

  /** 2023-11-14T22:13:20Z. */
  public static final long T0 = 1_700_000_000_000L;

  private PromTestData() {}

  /** Milliseconds of {@code seconds} after {@link #T0}. */
  public static long at(double seconds) {
    return T0 + Math.round(seconds * 1000);
  }

  /** Appends the samples above to {@code store}. */
  public static void load(TimeSeriesStore store) {
    List<SeriesSample> batch = new ArrayList<>();
    series(
        batch,
        SeriesKey.of("requests_total", "job", "api", "instance", "a"),
        10,
        5,
        40,
        8,
        70,
        11,
        100,
        14);
    series(
        batch,
        SeriesKey.of("requests_total", "job", "api", "instance", "b"),
        10,
        5,
        40,
        8,
        70,
        2,
        100,
        5);
    series(
        batch,
        SeriesKey.of("requests_total", "job", "web", "instance", "c"),
        60,
        100,
        90,
        103,
        120,
        106);
    series(
        batch, SeriesKey.of("memory_bytes", "job", "api", "instance", "a"), 0, 10, 60, 20, 120, 30);
    series(
        batch, SeriesKey.of("memory_bytes", "job", "api", "instance", "b"), 0, 20, 60, 40, 120, 60);
    series(batch, SeriesKey.of("memory_bytes", "job", "web", "instance", "c"), 0, 0, 60, 0, 120, 0);
    series(batch, SeriesKey.of("limit_bytes", "job", "api"), 0, 100, 60, 100, 120, 100);
    series(batch, SeriesKey.of("usage_bytes", "job", "web", "instance", "c"), 120, 1);
    series(batch, SeriesKey.of("temperature", "room", "x"), 0, 1, 10, 3, 20, 5);
    series(batch, SeriesKey.of("gone"), 0, 1);
    batch.add(
        new SeriesSample(
            SeriesKey.of("gone"), at(60), Double.longBitsToDouble(Evaluation.STALE_NAN_BITS)));
    store.append(batch);
  }

  private static void series(List<SeriesSample> batch, SeriesKey key, double... timesAndValues) {
    for (int i = 0; i < timesAndValues.length; i += 2) {
      batch.add(new SeriesSample(key, at(timesAndValues[i]), timesAndValues[i + 1]));
    }
  }
}
