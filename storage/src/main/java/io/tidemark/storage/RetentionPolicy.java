package io.tidemark.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How long each resolution of the data is kept: raw samples for {@code raw}, and each rollup tier
 * for its own retention.
 *
 * @param raw how long raw samples are kept; at least one day, so a day is rolled up before its raw
 *     samples go
 * @param rollups the rollup tiers, finest first; steps are distinct
 */
public record RetentionPolicy(Duration raw, List<Resolution> rollups) {

  /** Raw 7 days, 5-minute rollups 90 days, 1-hour rollups 2 years (730 days). */
  public static final RetentionPolicy DEFAULT =
      new RetentionPolicy(
          Duration.ofDays(7),
          List.of(
              new Resolution(Duration.ofMinutes(5), Duration.ofDays(90)),
              new Resolution(Duration.ofHours(1), Duration.ofDays(730))));

  /** Sorts the tiers and checks the rules above. */
  public RetentionPolicy {
    Objects.requireNonNull(raw, "raw");
    if (raw.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "raw retention must be at least 1d, was " + Resolution.name(raw));
    }
    List<Resolution> sorted = new ArrayList<>(rollups);
    sorted.sort(Comparator.comparing(Resolution::step));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).step().equals(sorted.get(i - 1).step())) {
        throw new IllegalArgumentException("two rollup tiers of " + sorted.get(i).name());
      }
    }
    rollups = List.copyOf(sorted);
  }

  /** The tier of the given name ({@code 5m}), or {@code null}. */
  public Resolution rollup(String name) {
    for (Resolution r : rollups) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** The longest retention of any resolution: how long a silent series stays known. */
  public Duration longest() {
    Duration longest = raw;
    for (Resolution r : rollups) {
      if (r.retention().compareTo(longest) > 0) {
        longest = r.retention();
      }
    }
    return longest;
  }

  /** The same tiers with other retentions, checked to keep the same steps. */
  public RetentionPolicy withSameTiersAs(RetentionPolicy current) {
    List<String> mine = rollups.stream().map(Resolution::name).toList();
    List<String> theirs = current.rollups.stream().map(Resolution::name).toList();
    if (!mine.equals(theirs)) {
      throw new IllegalArgumentException(
          "the rollup tiers are " + theirs + "; only their retention can change, not " + mine);
    }
    return this;
  }
}
