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

  /**
   * The static list, the file and Kubernetes discovery together, as configured; a node found by
   * more than one is scraped once, at the address of the first of static, file, kubernetes. Sources
   * that hold resources (a watch) are added to {@code closeables}.
   */
  public static TargetSource fromConfig(TargetsConfig config, List<AutoCloseable> closeables) {
    List<TargetSource> sources = new ArrayList<>();
    List<TargetSpec> fixed = List.copyOf(config.getStatic());
    sources.add(() -> fixed);
    if (config.getFile() != null) {
      sources.add(new FileTargetSource(config.getFile()));
    }
    if (config.getKubernetes() != null) {
      KubernetesTargetSource kubernetes = KubernetesTargetSource.fromConfig(config.getKubernetes());
      closeables.add(kubernetes);
      sources.add(kubernetes);
    }
    if (sources.size() == 1) {
      return sources.get(0);
    }
    return () -> {
      Map<String, TargetSpec> merged = new LinkedHashMap<>();
      for (TargetSource source : sources) {
        for (TargetSpec target : source.current()) {
          merged.putIfAbsent(target.node(), target);
        }
      }
      return new ArrayList<>(merged.values());
    };
  }
}
