package io.tidemark.collector.api;

import java.util.List;

/**
 * The {@code data} of {@code /api/v1/targets}.
 *
 * @param activeTargets every target currently scraped, sorted by node name
 */
public record TargetsView(List<TargetView> activeTargets) {

  /** Copies the list. */
  public TargetsView {
    activeTargets = List.copyOf(activeTargets);
  }
}
