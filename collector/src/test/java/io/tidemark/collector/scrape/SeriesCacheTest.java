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
    cache.endScrape();

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
    cache.endScrape();

    cache.startScrape();
    assertThat(cache.find(1)).isNotNull();
    cache.kept(1); // the pod of series 2 was deleted: not seen
    assertThat(cache.find(2)).isNotNull(); // until the scrape ends
    cache.endScrape();

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.find(1)).isNotNull();
    assertThat(cache.find(2)).isNull();
  }

  @Test
  void aNodeThatLostMostOfItsSeriesKeepsTheRest() {
    SeriesCache cache = new SeriesCache();
    cache.startScrape();
    for (long h = 0; h < 10_000; h++) {
      cache.keep(h, ref("p" + h));
    }
    cache.endScrape();
    cache.startScrape();
    for (long h = 0; h < 10; h++) {
      assertThat(cache.find(h)).isNotNull();
      cache.kept(h);
    }
    cache.endScrape();
    assertThat(cache.size()).isEqualTo(10);
    for (long h = 0; h < 10_000; h++) {
      assertThat(cache.find(h) != null).isEqualTo(h < 10);
    }
  }

  @Test
  void aSeriesKeptTwiceInOneScrapeHidesNoDeparture() {
    SeriesCache cache = new SeriesCache();
    cache.startScrape();
    cache.keep(1, ref("a"));
    cache.keep(2, ref("b"));
    cache.endScrape();
    cache.startScrape();
    cache.kept(1);
    cache.kept(1); // a payload that repeats a series; series 2 is gone
    cache.endScrape();
    assertThat(cache.find(2)).isNull();
    assertThat(cache.find(1)).isNotNull();
  }

  @Test
  void mixingDependsOnEveryPartAndItsOrder() {
    long ab = SeriesCache.mix(SeriesCache.mix(0, "a".hashCode()), "b".hashCode());
    long ba = SeriesCache.mix(SeriesCache.mix(0, "b".hashCode()), "a".hashCode());
    assertThat(ab).isNotEqualTo(ba);
    assertThat(SeriesCache.mix(0, 1)).isNotEqualTo(SeriesCache.mix(0, 2));
  }
}
