package io.tidemark.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A closed store's RocksDB opened directly, with every family it has, for tests that stage what a
 * crash, a corruption or another version leaves behind, and look at what a store wrote.
 */
final class RawRocks implements AutoCloseable {

  private final ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
  private final DBOptions options = new DBOptions().setCreateIfMissing(true);
  private final Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
  final RocksDB db;

  private RawRocks(Path store, List<String> names) throws RocksDBException {
    if (names.isEmpty()) {
      try (Options o = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(o, store.toString())) {
          names.add(new String(name, StandardCharsets.US_ASCII));
        }
      }
    } else {
      options.setCreateMissingColumnFamilies(true);
    }
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : names) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    db = RocksDB.open(options, store.toString(), descriptors, handles);
    for (int i = 0; i < names.size(); i++) {
      families.put(names.get(i), handles.get(i));
    }
  }

  /** Opens the database of a closed store with every family it has. */
  static RawRocks open(Path store) throws RocksDBException {
    return new RawRocks(store, new ArrayList<>());
  }

  /** Opens or creates a database with exactly these families (the first is "default"). */
  static RawRocks create(Path store, List<String> families) throws RocksDBException {
    return new RawRocks(store, new ArrayList<>(families));
  }

  ColumnFamilyHandle family(String name) {
    ColumnFamilyHandle handle = families.get(name);
    if (handle == null) {
      throw new IllegalArgumentException("no family " + name + " in " + families.keySet());
    }
    return handle;
  }

  /** Every key and value of a family, in key order. */
  List<byte[][]> entries(String family) {
    List<byte[][]> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(family(family))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new byte[][] {it.key(), it.value()});
      }
    }
    return out;
  }

  void put(String family, byte[] key, byte[] value) throws RocksDBException {
    db.put(family(family), key, value);
  }

  @Override
  public void close() {
    families.values().forEach(ColumnFamilyHandle::close);
    db.close();
    options.close();
    familyOptions.close();
  }
}
