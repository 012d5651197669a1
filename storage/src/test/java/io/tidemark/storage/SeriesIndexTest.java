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
    index.add(a);

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.names()).containsExactly("__name__", "node", "zone");
    assertThat(index.values("node")).containsExactly("a", "b");

    index.remove(b);

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.names()).containsExactly("__name__", "node");
    assertThat(index.values("node")).containsExactly("a");
    assertThat(index.select(List.of(LabelMatcher.equal("node", "b")))).isEmpty();
    assertThat(index.select(List.of(LabelMatcher.equal("__name__", "up")))).containsExactly(a);
  }
}
