package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TidemarkConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TidemarkProcessTest {

  @TempDir Path dir;

  private final ConfigurationFactory<TidemarkConfiguration> factory =
      new DefaultConfigurationFactoryFactory<TidemarkConfiguration>()
          .create(
              TidemarkConfiguration.class,
              Validators.newValidator(),
              Jackson.newObjectMapper(),
              "dw");

  @Test
  void theGeneratedConfigurationIsValidAndSaysWhatTheRunAskedFor() throws Exception {
    Path store = dir.resolve("it's a store"); // a quote in the path must survive YAML
    Path targets = dir.resolve("targets.yml");
    Path file =
        Files.writeString(
            dir.resolve("tidemark.yml"),
            TidemarkProcess.config(
                store,
                targets,
                Duration.ofSeconds(5),
                List.of("summary", "resource"),
                18080,
                18081));

    TidemarkConfiguration config =
        factory.build(new FileConfigurationSourceProvider(), file.toString());

    assertThat(config.getStorage().getPath()).isEqualTo(store);
    assertThat(config.getScrape().getInterval().toSeconds()).isEqualTo(5);
    assertThat(config.getScrape().getTimeout().toSeconds()).isEqualTo(5);
    assertThat(config.getScrape().getEndpoints())
        .containsExactlyInAnyOrder(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.RESOURCE);
    assertThat(config.getScrape().getTargets().getFile()).isEqualTo(targets);
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    HttpConnectorFactory app = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
    HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
    assertThat(app.getPort()).isEqualTo(18080);
    assertThat(app.getBindHost()).isEqualTo("127.0.0.1");
    assertThat(admin.getPort()).isEqualTo(18081);
  }

  @Test
  void theTimeoutIsTheIntervalButAtMostTenSeconds() {
    assertThat(TidemarkProcess.scrapeTimeout(Duration.ofSeconds(5))).hasSeconds(5);
    assertThat(TidemarkProcess.scrapeTimeout(Duration.ofSeconds(15))).hasSeconds(10);
  }

  @Test
  void readsTheSampleCountCompactPrints() {
    String out =
        "compacted /tmp/s: 456,183 bytes before, 496,678 after; 679 series, 3,834 samples,"
            + " 129.546 bytes/sample\n  raw  kept 7d   17,967 bytes\n";
    assertThat(TidemarkProcess.compactedSamples(out)).isEqualTo(3834);
    assertThat(TidemarkProcess.compactedSamples("something else")).isEqualTo(-1);
  }

  @Test
  void readsTheJvmFlagsLineFromTheLog() throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("tidemark.log"),
            "-XX:InitialHeapSize=394945536 -XX:MaxHeapSize=6319128576 -XX:+UseG1GC \n"
                + "INFO  [2026-11-22] io.dropwizard.core.server.DefaultServerFactory: ...\n");
    assertThat(TidemarkProcess.jvmFlags(log))
        .isEqualTo("-XX:InitialHeapSize=394945536 -XX:MaxHeapSize=6319128576 -XX:+UseG1GC");
    Path none = Files.writeString(dir.resolve("other.log"), "INFO nothing\n");
    assertThat(TidemarkProcess.jvmFlags(none)).isEqualTo("(not printed)");
  }

  @Test
  void theStoreBreakdownGroupsRocksDbFilesByKind() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.write(store.resolve("000009.sst"), new byte[100]);
    Files.write(store.resolve("000011.sst"), new byte[50]);
    Files.write(store.resolve("000025.log"), new byte[7]);
    Files.write(store.resolve("LOG"), new byte[3]);
    Files.write(store.resolve("LOG.old.1795334778168841"), new byte[2]);
    Files.write(store.resolve("MANIFEST-000022"), new byte[11]);

    assertThat(TidemarkProcess.storeBreakdown(store))
        .containsEntry("sst", 150L)
        .containsEntry("wal", 7L)
        .containsEntry("info-log", 5L)
        .containsEntry("other", 11L)
        .hasSize(4);
    assertThat(Dirs.size(store)).isEqualTo(173);
  }
}
