package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
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
