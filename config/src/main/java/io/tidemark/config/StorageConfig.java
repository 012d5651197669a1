package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code storage} section: where the embedded store keeps its files.
 *
 * <p>{@code storage.path} has no default on purpose: a daemon that silently writes months of data
 * into whatever directory it was started from is a surprise nobody wants.
 */
public class StorageConfig {

  @NotNull private Path path;

  @NotNull private SyncMode sync = SyncMode.INTERVAL;

  private final Map<String, Duration> retention = new LinkedHashMap<>();

  {
    retention.put("raw", Duration.days(7));
    retention.put("5m", Duration.days(90));
    retention.put("1h", Duration.days(730));
  }

  private boolean readOnly;

  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration syncInterval = Duration.seconds(1);

  /**
   * Open the store (or a snapshot of one) for reading only and scrape nothing: offline analysis of
   * a copy, on any machine. No scrape targets are needed then.
   */
  @JsonProperty
  public boolean isReadOnly() {
    return readOnly;
  }

  @JsonProperty
  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /** When appends are synced to the device. */
  public enum SyncMode {
    /** Every append (one per scrape) is synced before it is acknowledged. */
    ALWAYS,
    /** Appends reach the OS at once and are synced every {@code storage.syncInterval}. */
    INTERVAL;

    @com.fasterxml.jackson.annotation.JsonCreator
    static SyncMode of(String text) {
      for (SyncMode mode : values()) {
        if (mode.name().equalsIgnoreCase(text)) {
          return mode;
        }
      }
      throw new IllegalArgumentException("expected always or interval, found '" + text + "'");
    }
  }

  /**
   * {@code always}: an acknowledged scrape survives a crash of the machine; {@code interval} (the
   * default): it survives a crash of the process, and a crash of the machine may lose the last
   * {@code syncInterval}.
   */
  @JsonProperty
  public SyncMode getSync() {
    return sync;
  }

  @JsonProperty
  public void setSync(SyncMode sync) {
    this.sync = sync;
  }

  /** How often the log is synced under {@code sync: interval}; 1 s by default. */
  @JsonProperty
  public Duration getSyncInterval() {
    return syncInterval;
  }

  @JsonProperty
  public void setSyncInterval(Duration syncInterval) {
    this.syncInterval = syncInterval;
  }

  /**
   * How long each resolution is kept: {@code raw} samples, and one rollup tier per other key, named
   * by its bucket width ({@code 5m}, {@code 1h}). Defaults: raw 7d, 5m 90d, 1h 730d. A configured
   * map is merged over the defaults, so {@code retention: {raw: 14d}} keeps the default tiers; a
   * new key such as {@code 15m: 180d} adds a tier.
   */
  @JsonProperty
  public Map<String, Duration> getRetention() {
    return Collections.unmodifiableMap(retention);
  }

  @JsonProperty
  public void setRetention(Map<String, Duration> values) {
    values.forEach(
        (key, value) -> {
          if (value != null) {
            retention.put(key, value);
          }
        });
  }

  /** Every key of {@code storage.retention} is {@code raw} or a bucket width like {@code 5m}. */
  @ValidationMethod(message = "storage.retention keys must be raw or a bucket width like 5m or 1h")
  @JsonIgnore
  public boolean isRetentionKeysValid() {
    for (String key : retention.keySet()) {
      if (key.equals("raw")) {
        continue;
      }
      try {
        Duration.parse(key);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  /** The directory of the store; created if missing. */
  @JsonProperty
  public Path getPath() {
    return path;
  }

  @JsonProperty
  public void setPath(Path path) {
    this.path = path;
  }
}
