package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** A store of another format version is refused, saying how to convert it. */
class FormatVersionTest {

  private static final List<String> FORMAT_2_FAMILIES =
      List.of(
          "default",
          "series",
          "series_by_id",
          "state",
          "journal",
          "chunks",
          "rollup_5m",
          "rollup_1h");

  @TempDir Path dir;

  @Test
  void refusesAStoreWhoseMetaSaysVersion2AndSaysHowToConvertIt() throws Exception {
    Path path = dir.resolve("store");
    RocksDbStore.open(path).close();
    try (RawRocks raw = RawRocks.open(path)) {
      raw.put("default", Families.metaKey(Families.META_FORMAT), SeriesCodec.encodeId(2));
    }

    assertRefused(() -> RocksDbStore.open(path), path);
    assertRefused(() -> RocksDbStore.openReadOnly(path), path);
  }

  @Test
  void refusesAFormat2StoreWithoutChangingIt() throws Exception {
    Path path = dir.resolve("store");
    byte[] journalRecordV1 = {1, 2, 0, 0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
    try (RawRocks raw = RawRocks.create(path, FORMAT_2_FAMILIES)) {
      raw.put("default", Families.metaKey(Families.META_FORMAT), SeriesCodec.encodeId(2));
      raw.put("journal", Keys.sequence(1), journalRecordV1);
    }

    assertRefused(() -> RocksDbStore.open(path), path);
    assertRefused(() -> RocksDbStore.openReadOnly(path), path);

    assertThat(families(path)).isEqualTo(FORMAT_2_FAMILIES);
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("journal")).hasSize(1);
      assertThat(raw.entries("journal").get(0)[1]).isEqualTo(journalRecordV1);
    }
  }

  private static void assertRefused(Runnable open, Path path) {
    assertThatThrownBy(open::run)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the store at " + path + " has format version 2")
        .hasMessageContaining("this version of Tidemark reads version 3")
        .hasMessageContaining(
            "with the Tidemark that wrote it: `tidemark export --storage "
                + path
                + " --output history.om`")
        .hasMessageContaining("with this one: `tidemark import --storage NEW_DIR history.om`");
  }

  private static List<String> families(Path path) throws Exception {
    List<String> out = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, path.toString())) {
        out.add(new String(name, StandardCharsets.US_ASCII));
      }
    }
    return out;
  }
}
