package io.tidemark.collector.store;

import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.StorageConfig;
import io.tidemark.storage.Durability;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the store as the configuration ({@code storage.*}) or a command's {@code --storage} says.
 *
 * <p>The configuration classes only hold and validate values; this class maps them to the store's
 * own {@link StoreOptions}, so that {@code config} and {@code storage} know nothing of each other.
 * Every failure is an {@link InvalidSettingException} naming the setting that caused it.
 */
public final class StoreFactory {

  /** How often the store flushes silent series, rolls up finished days and applies retention. */
  public static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);

  private StoreFactory() {}

  /**
   * The store {@code storage} configures: read-only when it says so, else with its durability and
   * retention and {@code clock} driving maintenance.
   *
   * @throws InvalidSettingException naming {@code storage.path} when the store cannot be opened, or
   *     {@code storage.retention} when the retention is not a valid policy
   */
  public static RocksDbStore open(StorageConfig storage, Clock clock) {
    if (storage.isReadOnly()) {
      return open("storage.path", storage.getPath(), true);
    }
    StoreOptions options =
        StoreOptions.DEFAULT
            .withDurability(
                storage.getSync() == StorageConfig.SyncMode.ALWAYS
                    ? Durability.everyWrite()
                    : Durability.window(storage.getSyncInterval().toJavaDuration()))
            .withRetention(retentionPolicy(storage))
            .withClock(clock)
            .withMaintenanceInterval(MAINTENANCE_INTERVAL);
    try {
      return RocksDbStore.open(storage.getPath(), options);
    } catch (StorageException e) {
      throw new InvalidSettingException("storage.path", e.getMessage(), e);
    }
  }

  /**
   * The store in {@code dir} with default options, or read-only; a store that cannot be opened is
   * reported as a wrong {@code setting} (a command's {@code --storage}, say).
   */
  public static RocksDbStore open(String setting, Path dir, boolean readOnly) {
    try {
      return readOnly ? RocksDbStore.openReadOnly(dir) : RocksDbStore.open(dir);
    } catch (StorageException e) {
      throw new InvalidSettingException(setting, e.getMessage(), e);
    }
  }

  /**
   * The existing store in {@code dir}, as {@link #open(String, Path, boolean)}; a directory that
   * does not exist is reported as a wrong {@code setting} before anything is created.
   */
  public static RocksDbStore openExisting(String setting, Path dir, boolean readOnly) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidSettingException(setting, "no store at " + dir, null);
    }
    return open(setting, dir, readOnly);
  }

  /** The configured {@code storage.retention} as the store's policy. */
  public static RetentionPolicy retentionPolicy(StorageConfig storage) {
    Duration raw = null;
    List<Resolution> rollups = new ArrayList<>();
    try {
      for (Map.Entry<String, io.dropwizard.util.Duration> e : storage.getRetention().entrySet()) {
        if (e.getKey().equals("raw")) {
          raw = e.getValue().toJavaDuration();
        } else {
          rollups.add(
              new Resolution(
                  io.dropwizard.util.Duration.parse(e.getKey()).toJavaDuration(),
                  e.getValue().toJavaDuration()));
        }
      }
      return new RetentionPolicy(raw, rollups);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidSettingException("storage.retention", e.getMessage(), e);
    }
  }
}
