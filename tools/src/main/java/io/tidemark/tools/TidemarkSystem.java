package io.tidemark.tools;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Tidemark in the side-by-side: {@code scrape.endpoints: [resource]}, its samples from {@code
 * /api/v1/status/tsdb}, its disk figure from the store directory after a clean shutdown (and, kept
 * as an extra, after {@code compact}).
 */
final class TidemarkSystem implements ScrapeSystem {

  private final TidemarkProcess tidemark;

  private TidemarkSystem(TidemarkProcess tidemark) {
    this.tidemark = tidemark;
  }

  static TidemarkSystem start(Setup setup) throws IOException, InterruptedException {
    return new TidemarkSystem(
        TidemarkProcess.start(
            setup.jar(),
            setup.tidemarkJvmOptions(),
            setup.dir(),
            setup.simulator().targetsFile(),
            setup.interval(),
            List.of("resource")));
  }

  @Override
  public String name() {
    return "tidemark";
  }

  @Override
  public String version() {
    return "this checkout; JVM flags " + tidemark.jvmFlags();
  }

  @Override
  public MeasuredProcess process() {
    return tidemark.process();
  }

  @Override
  public URI queryApi() {
    return tidemark.api();
  }

  @Override
  public long samplesIngested() throws IOException {
    return tidemark.tsdbStatus().path("samplesIngested").asLong();
  }

  @Override
  public String samplesHow() {
    return "samplesIngested of /api/v1/status/tsdb";
  }

  @Override
  public Disk measureDiskAndStop() throws IOException, InterruptedException {
    long samples = samplesIngested();
    int exit = tidemark.stop();
    long bytes = Dirs.size(tidemark.store());
    Map<String, Long> breakdown = TidemarkProcess.storeBreakdown(tidemark.store());
    long compactedBytes = -1;
    if (exit == 0) {
      long compacted = tidemark.compact();
      if (compacted > 0) {
        samples = compacted; // the store's own count once stopped: no scrape after the reading
      }
      compactedBytes = Dirs.size(tidemark.store());
    }
    return new Disk(
        bytes,
        samples,
        "store directory (storage.path) after SIGTERM, which writes the open chunks into the head"
            + " family, deletes the journal and the write-ahead log, and closes RocksDB; samples as"
            + " the compact command then counts them",
        compactedBytes,
        "the same directory after `tidemark compact --storage` (open chunks written, journal"
            + " trimmed, full RocksDB compaction)",
        breakdown,
        exit,
        tidemark.process().child().killed(),
        Map.of());
  }

  @Override
  public void close() {
    tidemark.close();
  }
}
