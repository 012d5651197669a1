package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The root of Tidemark's configuration file.
 *
 * <p>Besides Dropwizard's own {@code server}, {@code logging} and {@code metrics} sections it holds
 * {@code storage} (where and how samples are kept) and {@code scrape} (what is scraped, how often).
 * Instances are built and validated by Dropwizard before anything starts; they are not mutated
 * after start-up.
 */
public class TidemarkConfiguration extends Configuration {

  @Valid @NotNull private StorageConfig storage = new StorageConfig();

  @Valid @NotNull private ScrapeConfig scrape = new ScrapeConfig();

  @JsonIgnore
  @ValidationMethod(
      message =
          "scrape.targets names no source of targets: set scrape.targets.static,"
              + " scrape.targets.file or scrape.targets.kubernetes (or storage.readOnly)")
  public boolean isAnyTargetSourceConfigured() {
    return storage == null
        || storage.isReadOnly()
        || scrape == null
        || scrape.getTargets() == null
        || scrape.getTargets().isAnySourceConfigured();
  }

  @JsonProperty
  public StorageConfig getStorage() {
    return storage;
  }

  @JsonProperty
  public void setStorage(StorageConfig storage) {
    // A section left empty (only comments under its key) reads as null: treat it as defaults,
    // so a missing required key inside it is reported by its full name.
    this.storage = storage == null ? new StorageConfig() : storage;
  }

  @JsonProperty
  public ScrapeConfig getScrape() {
    return scrape;
  }

  @JsonProperty
  public void setScrape(ScrapeConfig scrape) {
    // A section left empty (only comments under its key) reads as null: treat it as defaults,
    // so a missing required key inside it is reported by its full name.
    this.scrape = scrape == null ? new ScrapeConfig() : scrape;
  }
}
