package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void rendersMarkdownWithTheFirstColumnLeftAndFiguresRight() {
    String md =
        new Table("figure", "tidemark", "how")
            .leftAligned(2)
            .row("peak RSS", "1.0 MiB", "VmHWM")
            .row("a|b", "2", "c")
            .markdown();
    assertThat(md)
        .isEqualTo(
            """
            | figure | tidemark | how |
            | --- | ---: | --- |
            | peak RSS | 1.0 MiB | VmHWM |
            | a\\|b | 2 | c |
            """);
  }

  @Test
  void aRowMustFillEveryColumn() {
    assertThatThrownBy(() -> new Table("a", "b").row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells")
        .hasMessageContaining("2 columns");
  }

  @Test
  void ratiosHaveTwoDecimalsAndNeverDivideByNothing() {
    assertThat(Table.ratio(1, 2)).isEqualTo("0.50x");
    assertThat(Table.ratio(25.09, 1)).isEqualTo("25.09x");
    assertThat(Table.ratio(1, 3)).isEqualTo("0.33x");
    assertThat(Table.ratio(1, 0)).isEqualTo("n/a");
    assertThat(Table.ratio(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(Table.ratio(1, Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    assertThat(Table.ratio(-1, 2)).isEqualTo("n/a");
    assertThat(Table.ratioValue(3, 4)).isEqualTo(0.75);
    assertThat(Table.ratioValue(3, 0)).isNaN();
  }

  @Test
  void numbersGroupThousandsAndUnknownsPrintAsNa() {
    assertThat(Table.number(1234567.891, 2)).isEqualTo("1,234,567.89");
    assertThat(Table.number(0.0456, 3)).isEqualTo("0.046");
    assertThat(Table.number(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(Table.count(1234)).isEqualTo("1,234");
    assertThat(Table.count(-1)).isEqualTo("n/a");
    assertThat(Table.mib(3 * 1048576L + 104858)).isEqualTo("3.1 MiB");
    assertThat(Table.mib(-1)).isEqualTo("n/a");
    assertThat(Table.millis(12.345)).isEqualTo("12.3 ms");
    assertThat(Table.millis(Double.NaN)).isEqualTo("n/a");
  }
}
