package io.tidemark.collector.targets;

import io.tidemark.config.TargetSpec;
import io.tidemark.config.TargetsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the target source the {@code scrape.targets} section describes. */
public final class TargetSources {

  private TargetSources() {}

  /** The static list and the file together; a node in both is scraped once, at the static URL. */
  public static TargetSource fromConfig(TargetsConfig config) {
    List<TargetSpec> fixed = List.copyOf(config.getStatic());
    if (config.getFile() == null) {
      return () -> fixed;
    }
    FileTargetSource file = new FileTargetSource(config.getFile());
    return () -> {
      Map<String, TargetSpec> merged = new LinkedHashMap<>();
      for (TargetSpec target : fixed) {
        merged.put(target.node(), target);
      }
      for (TargetSpec target : file.current()) {
        merged.putIfAbsent(target.node(), target);
      }
      return new ArrayList<>(merged.values());
    };
  }
}
