package io.tidemark.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesRef;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {

  private static SeriesRef ref(String pod) {
    SeriesKey key = SeriesKey.of("container_cpu_usage_seconds_total", "pod", pod);
    return () -> key;
  }

  @Test
  void aScrapeFindsWhatThePreviousOneKept() {
    SeriesCache cache = new SeriesCache();
    SeriesRef a = ref("a");
    cache.startScrape();
    cache.keep(1, a);
    assertThat(cache.find(1)).isSameAs(a);

    cache.startScrape();
    assertThat(cache.find(1)).isSameAs(a);
    assertThat(cache.find(2)).isNull();
  }

  @Test
  void aSeriesNotSeenByAScrapeIsGoneAfterTheNext() {
    SeriesCache cache = new SeriesCache();
    cache.startScrape();
    cache.keep(1, ref("kept"));
    cache.keep(2, ref("deleted-pod"));

    cache.startScrape();
    cache.keep(1, cache.find(1)); // the pod of series 2 was deleted: not seen
    assertThat(cache.size()).isEqualTo(1);
    cache.startScrape();

    assertThat(cache.find(1)).isNotNull();
    assertThat(cache.find(2)).isNull();
  }

  @Test
  void mixingDependsOnEveryPartAndItsOrder() {
    long ab = SeriesCache.mix(SeriesCache.mix(0, "a".hashCode()), "b".hashCode());
    long ba = SeriesCache.mix(SeriesCache.mix(0, "b".hashCode()), "a".hashCode());
    assertThat(ab).isNotEqualTo(ba);
    assertThat(SeriesCache.mix(0, 1)).isNotEqualTo(SeriesCache.mix(0, 2));
  }
}
