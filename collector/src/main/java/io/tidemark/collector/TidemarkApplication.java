package io.tidemark.collector;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.tidemark.collector.cli.CompactCommand;
import io.tidemark.collector.cli.DemoCommand;
import io.tidemark.collector.cli.ExportCommand;
import io.tidemark.collector.cli.ImportCommand;
import io.tidemark.collector.cli.InspectCommand;
import io.tidemark.collector.cli.SimulateCommand;
import io.tidemark.collector.cli.StartupErrors;
import io.tidemark.collector.health.StoreHealthCheck;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.collector.resources.TargetsResource;
import io.tidemark.collector.scrape.ScrapeScheduler;
import io.tidemark.collector.scrape.Scraper;
import io.tidemark.collector.scrape.TargetStatus;
import io.tidemark.collector.store.StoreFactory;
import io.tidemark.collector.targets.TargetSources;
import io.tidemark.collector.tasks.SnapshotTask;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.StorageConfig;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.query.capacity.CapacityService;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.query.resources.CapacityResource;
import io.tidemark.query.resources.ExportResource;
import io.tidemark.query.resources.MetricsApiResources;
import io.tidemark.query.resources.PromMetadataResource;
import io.tidemark.query.resources.PromQueryResource;
import io.tidemark.query.resources.RetentionResource;
import io.tidemark.query.resources.RollupsResource;
import io.tidemark.query.resources.TsdbStatusResource;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The Tidemark daemon: wires the store, the kubelet client, the scrape scheduler and the HTTP
 * resources together, and nothing else.
 */
public final class TidemarkApplication extends Application<TidemarkConfiguration> {

  private final Clock clock;

  /** The application on the system clock. */
  public TidemarkApplication() {
    this(Clock.systemUTC());
  }

  /** The application on {@code clock}, for tests. */
  public TidemarkApplication(Clock clock) {
    this.clock = clock;
  }

  /** Runs a command: {@code server CONFIG}, {@code demo}, {@code check CONFIG}. */
  public static void main(String[] args) throws Exception {
    ProcessSignals.exitZeroOnSigterm();
    new TidemarkApplication().run(args);
  }

  @Override
  public String getName() {
    return "tidemark";
  }

  @Override
  protected void addDefaultCommands(Bootstrap<TidemarkConfiguration> bootstrap) {
    bootstrap.addCommand(
        new ServerCommand<>(this) {
          @Override
          public void onError(Cli cli, Namespace namespace, Throwable e) {
            StartupErrors.print(cli, e);
          }
        });
    bootstrap.addCommand(
        new CheckCommand<>(this) {
          @Override
          public void onError(Cli cli, Namespace namespace, Throwable e) {
            StartupErrors.print(cli, e);
          }
        });
  }

  @Override
  public void initialize(Bootstrap<TidemarkConfiguration> bootstrap) {
    bootstrap.addCommand(new DemoCommand(this));
    bootstrap.addCommand(new InspectCommand(this));
    bootstrap.addCommand(new CompactCommand());
    bootstrap.addCommand(new ExportCommand());
    bootstrap.addCommand(new ImportCommand());
    bootstrap.addCommand(new SimulateCommand());
  }

  @Override
  public void run(TidemarkConfiguration config, Environment environment) {
    ScrapeConfig scrape = config.getScrape();
    StorageConfig storage = config.getStorage();
    if (storage.isReadOnly()) {
      RocksDbStore store = StoreFactory.open(storage, clock);
      environment.lifecycle().manage(managed(() -> {}, store::close));
      registerQueries(environment, store, scrape, List::of);
      return;
    }
    // Settings that name files are checked before the store directory is touched, so a wrong
    // value leaves nothing behind.
    KubeletClient client = KubeletClient.create(scrape);
    RocksDbStore store;
    try {
      store = StoreFactory.open(storage, clock);
    } catch (InvalidSettingException e) {
      client.close();
      throw e;
    }
    // Registered first, so stopped last: the store closes after the scrapes in flight are stored.
    environment.lifecycle().manage(managed(() -> {}, store::close));

    List<AutoCloseable> sourceResources = new ArrayList<>();
    ScrapeScheduler scheduler =
        new ScrapeScheduler(
            TargetSources.fromConfig(scrape.getTargets(), sourceResources),
            new Scraper(client, store, clock, scrape.getEndpoints(), scrape.getCadvisorMetrics()),
            scrape.getInterval().toJavaDuration(),
            scrape.getConcurrency(),
            clock,
            environment.metrics());
    Duration grace = scrape.getTimeout().toJavaDuration().plusSeconds(5);
    environment
        .lifecycle()
        .manage(
            managed(
                scheduler::start,
                () -> {
                  scheduler.stop(grace);
                  client.close();
                  for (AutoCloseable resource : sourceResources) {
                    try {
                      resource.close();
                    } catch (Exception e) {
                      // shutting down: nothing more to do with a source that fails to close
                    }
                  }
                }));
    registerQueries(environment, store, scrape, scheduler::statuses);
    environment.admin().addTask(new SnapshotTask(store, clock));
  }

  private void registerQueries(
      Environment environment,
      RocksDbStore store,
      ScrapeConfig scrape,
      Supplier<List<TargetStatus>> targets) {
    // A node's stats time lags its scrape by up to the kubelet's own housekeeping period.
    Duration maxAge = scrape.getInterval().toJavaDuration().multipliedBy(3).plusSeconds(30);
    MetricsApiResources.create(store, clock, maxAge).forEach(environment.jersey()::register);
    environment.jersey().register(new PromQueryResource(store, QueryLimits.DEFAULT, clock));
    environment.jersey().register(new PromMetadataResource(store, QueryLimits.DEFAULT));
    environment.jersey().register(new CapacityResource(new CapacityService(store, clock)));
    environment.jersey().register(new RollupsResource(store, QueryLimits.DEFAULT));
    environment.jersey().register(new ExportResource(store, clock));
    environment.jersey().register(new TsdbStatusResource(store));
    environment.jersey().register(new RetentionResource(store));
    environment.jersey().register(new TargetsResource(targets));

    environment.healthChecks().register("store", new StoreHealthCheck(store));
    // stats() walks the store's files for bytesOnDisk: read it at most once a second.
    CachedGauge<StoreStats> stats =
        new CachedGauge<>(1, TimeUnit.SECONDS) {
          @Override
          protected StoreStats loadValue() {
            return store.stats();
          }
        };
    environment
        .metrics()
        .register(
            "tidemark_samples_ingested_total",
            (Gauge<Long>) () -> stats.getValue().samplesIngested());
    environment
        .metrics()
        .register("tidemark_series", (Gauge<Long>) () -> stats.getValue().series());
    environment
        .metrics()
        .register("tidemark_head_samples", (Gauge<Long>) () -> stats.getValue().headSamples());
    environment
        .metrics()
        .register(
            "tidemark_journal_records", (Gauge<Long>) () -> stats.getValue().journalRecords());
    environment
        .metrics()
        .register("tidemark_bytes_on_disk", (Gauge<Long>) () -> stats.getValue().bytesOnDisk());
  }

  private static Managed managed(Runnable start, Runnable stop) {
    return new Managed() {
      @Override
      public void start() {
        start.run();
      }

      @Override
      public void stop() {
        stop.run();
      }
    };
  }
}
