package io.tidemark.collector.targets;

import io.tidemark.config.TargetSpec;
import java.util.List;

/** A source of scrape targets, asked again before every scheduling round. */
public interface TargetSource {

  /** The targets as of now, at most one per node name. Never throws; never {@code null}. */
  List<TargetSpec> current();
}
