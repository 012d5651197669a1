package io.tidemark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesIndexTest {

  @Test
  void listsNamesAndValuesAndForgetsRemovedSeries() {
    SeriesIndex index = new SeriesIndex();
    SeriesKey a = SeriesKey.of("up", "node", "a");
    SeriesKey b = SeriesKey.of("up", "node", "b", "zone", "z1");
    index.add(a);
    index.add(b);

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.names()).containsExactly("__name__", "node", "zone");
    assertThat(index.values("node")).containsExactly("a", "b");

    index.removeAll(List.of(b));

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.names()).containsExactly("__name__", "node");
    assertThat(index.values("node")).containsExactly("a");
    assertThat(index.select(List.of(LabelMatcher.equal("node", "b")))).isEmpty();
    assertThat(index.select(List.of(LabelMatcher.equal("__name__", "up")))).containsExactly(a);
  }

  @Test
  void removesManySeriesAtOnceAndKeepsTheRestSelectable() {
    SeriesIndex index = new SeriesIndex();
    List<SeriesKey> gone = new java.util.ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      SeriesKey s = SeriesKey.of("m", "node", "n" + (i % 10), "pod", "p" + i);
      index.add(s);
      if (i % 3 == 0) {
        gone.add(s);
      }
    }

    index.removeAll(gone);

    assertThat(index.size()).isEqualTo(1_000 - gone.size());
    List<SeriesKey> node3 = index.select(List.of(LabelMatcher.equal("node", "n3")));
    assertThat(node3).hasSize(100 - 34).noneMatch(gone::contains); // i = 3, 13, ... less 3, 33, ...
    assertThat(index.select(List.of(LabelMatcher.regex("pod", "p(0|3|4)")))).hasSize(1);
    assertThat(index.select(List.of(LabelMatcher.equal("pod", "p0")))).isEmpty();
    assertThat(index.values("pod")).hasSize(1_000 - gone.size());
  }
}
