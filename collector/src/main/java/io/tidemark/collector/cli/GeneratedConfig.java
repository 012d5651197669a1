package io.tidemark.collector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Configurations that commands write for themselves: an ordinary YAML file, validated like any
 * other, so {@code -Ddw.} overrides apply to it too.
 */
final class GeneratedConfig {

  private GeneratedConfig() {}

  /** The server section on the usual ports, written out so port overrides apply. */
  static Map<String, Object> defaultServer() {
    return Map.of(
        "applicationConnectors", List.of(Map.of("type", "http", "port", 8080)),
        "adminConnectors", List.of(Map.of("type", "http", "port", 8081)));
  }

  /** Writes {@code root} to a temporary file and returns a namespace naming it as the file. */
  static Namespace write(String prefix, Map<String, Object> root, Namespace namespace)
      throws IOException {
    Path file = Files.createTempFile(prefix, ".yml");
    file.toFile().deleteOnExit();
    new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), root);
    Map<String, Object> attributes = new HashMap<>(namespace.getAttrs());
    attributes.put("file", file.toString());
    return new Namespace(attributes);
  }
}
