package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code scrape.targets} section: where the list of kubelets comes from.
 *
 * <p>{@code static} is a list written in the configuration; {@code file} names a YAML or JSON file
 * holding the same list, re-read whenever it changes; {@code kubernetes} discovers nodes from the
 * API server. They may be used together; a node found by more than one is scraped once, at the
 * address of the first of static, file, kubernetes.
 */
public class TargetsConfig {

  @NotNull private List<TargetSpec> staticTargets = List.of();

  private Path file;

  @Valid private KubernetesTargetsConfig kubernetes;

  /** The targets listed in the configuration itself. */
  @JsonProperty("static")
  public List<TargetSpec> getStatic() {
    return staticTargets;
  }

  @JsonProperty("static")
  public void setStatic(List<TargetSpec> staticTargets) {
    this.staticTargets = staticTargets == null ? List.of() : List.copyOf(staticTargets);
  }

  /** A file holding a list of targets, re-read when it changes; {@code null} when unused. */
  @JsonProperty
  public Path getFile() {
    return file;
  }

  @JsonProperty
  public void setFile(Path file) {
    this.file = file;
  }

  /** Node discovery through the API server; {@code null} when not used. */
  @JsonProperty
  public KubernetesTargetsConfig getKubernetes() {
    return kubernetes;
  }

  @JsonProperty
  public void setKubernetes(KubernetesTargetsConfig kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** Whether any source of targets is configured. */
  @JsonIgnore
  public boolean isAnySourceConfigured() {
    return !staticTargets.isEmpty() || file != null || kubernetes != null;
  }

  @JsonIgnore
  @ValidationMethod(message = "scrape.targets.static lists a node name more than once")
  public boolean isStaticNodeNamesUnique() {
    Set<String> seen = new HashSet<>();
    for (TargetSpec target : staticTargets) {
      if (target != null && !seen.add(target.node())) {
        return false;
      }
    }
    return true;
  }
}
