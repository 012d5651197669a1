/**
 * The RocksDB implementation of the store. {@link io.tidemark.storage.rocksdb.RocksDbStore} is the
 * public entry point. Every key and value layout has a name, a version and a grammar in the Javadoc
 * of the class that writes it: {@code Keys} (the keys of every column family), {@code SeriesCodec}
 * ({@code SeriesLabels/1}, {@code SeriesId/1}), {@code JournalCodec} ({@code JournalRecord/1}) and
 * {@code RollupCodec} ({@code RollupBlock/1}); the chunks are {@link
 * io.tidemark.storage.chunk.Chunk}'s {@code Chunk/1}. {@code Bytes} holds the wire primitives they
 * share (varints, zig-zag, big-endian integers). {@code docs/storage-format.md} describes the whole
 * store.
 */
package io.tidemark.storage.rocksdb;
