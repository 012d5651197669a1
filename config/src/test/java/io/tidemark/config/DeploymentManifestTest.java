package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/kubernetes.yaml holds a configuration Tidemark accepts, and the RBAC it needs. */
class DeploymentManifestTest {

  @TempDir Path dir;

  private static List<JsonNode> documents() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        yaml.readerFor(JsonNode.class)
            .readValues(Path.of("..", "deploy", "kubernetes.yaml").toFile())) {
      while (docs.hasNext()) {
        out.add(docs.next());
      }
    }
    return out;
  }

  @Test
  void givesTheContainerTheLaunchersJvmDefaults() throws Exception {
    List<String> launcher =
        Files.readAllLines(Path.of("jvm.options")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    JsonNode container =
        documents().stream()
            .filter(d -> d.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow()
            .at("/spec/template/spec/containers/0");
    List<String> env = new ArrayList<>();
    container
        .path("env")
        .forEach(e -> env.add(e.path("name").asText() + "=" + e.path("value").asText()));

    assertThat(launcher).contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50");
    assertThat(env)
        .containsExactly("JDK_JAVA_OPTIONS=" + String.join(" ", launcher), "MALLOC_ARENA_MAX=2");
  }

  @Test
  void embedsAValidConfigurationThatDiscoversNodesSecurely() throws Exception {
    JsonNode configMap =
        documents().stream()
            .filter(d -> d.path("kind").asText().equals("ConfigMap"))
            .findFirst()
            .orElseThrow();
    Path file = dir.resolve("tidemark.yml");
    Files.writeString(file, configMap.path("data").path("tidemark.yml").asText());
    ConfigurationFactory<TidemarkConfiguration> factory =
        new DefaultConfigurationFactoryFactory<TidemarkConfiguration>()
            .create(
                TidemarkConfiguration.class,
                Validators.newValidator(),
                Jackson.newObjectMapper(),
                "dw");

    TidemarkConfiguration config =
        factory.build(new FileConfigurationSourceProvider(), file.toString());

    assertThat(config.getScrape().getTargets().getKubernetes()).isNotNull();
    assertThat(config.getScrape().getTls().isInsecureSkipVerify()).isFalse();
    assertThat(config.getScrape().getAuth().getBearerTokenFile()).isNotNull();
    assertThat(config.getScrape().getEndpoints()).contains(ScrapeEndpoint.PODS);
  }

  @Test
  void grantsTheKubeletAndNodeAccessDiscoveryAndScrapingNeed() throws Exception {
    JsonNode role =
        documents().stream()
            .filter(d -> d.path("kind").asText().equals("ClusterRole"))
            .findFirst()
            .orElseThrow();
    List<String> grants = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode resource : rule.path("resources")) {
        for (JsonNode verb : rule.path("verbs")) {
          grants.add(resource.asText() + ":" + verb.asText());
        }
      }
    }
    assertThat(grants)
        .contains(
            "nodes:list", "nodes:watch", "nodes/stats:get", "nodes/metrics:get", "nodes/pods:get")
        .doesNotContain("nodes/proxy:get");
  }
}
