package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store of another format version is refused, saying how to convert it. */
class FormatVersionTest {

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
}
