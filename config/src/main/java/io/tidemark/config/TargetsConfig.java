package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code scrape.targets} section: where the list of kubelets comes from.
 *
 * <p>{@code static} is a list written in the configuration; {@code file} names a YAML or JSON file
 * holding the same list, re-read whenever it changes. Both may be used together, as long as a node
 * name appears once.
 */
public class TargetsConfig {

  @NotNull private List<TargetSpec> staticTargets = List.of();

  private Path file;

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

  @JsonIgnore
  @ValidationMethod(
      message =
          "scrape.targets names no source of targets: set scrape.targets.static or"
              + " scrape.targets.file")
  public boolean isAnySourceConfigured() {
    return !staticTargets.isEmpty() || file != null;
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
