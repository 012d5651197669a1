/**
 * The RocksDB implementation of the store. {@link io.tidemark.storage.rocksdb.RocksDbStore} is the
 * public entry point; the key and value layouts are specified in {@code SeriesCodec} and {@code
 * SampleCodec} and in {@code docs/storage-format.md}.
 */
package io.tidemark.storage.rocksdb;
