/**
 * The RocksDB implementation of the store. {@link io.tidemark.storage.rocksdb.RocksDbStore} is the
 * public entry point, a facade over package-private parts: {@code Families} (the database, its
 * column families and options, typed {@code Meta/1}), {@code Watermarks} (how far rollups,
 * retention and sealing have got, and the counters), {@code Head} (the live series, each an {@code
 * Entry} with its open chunk, and journal replay at start-up), {@code HeadSnapshot} (the open
 * chunks written at a clean close and journalled again at open), {@code Appender} (one append as
 * one atomic batch, the order rule, sealing completed chunks), {@code ChunkReader} (reads from
 * chunks plus the head, rollup reads) and {@code Maintenance} (the background job: flush, roll up,
 * retention, journal trim, forgetting silent series). Locks: the store's monitor, then an entry's;
 * each class says which it takes.
 *
 * <p>Every key and value layout has a name, a version and a grammar in the Javadoc of the class
 * that writes it: {@code Keys} (the keys of every column family), {@code SeriesCodec} ({@code
 * SeriesLabels/1}, {@code SeriesId/1}), {@code JournalCodec} ({@code JournalRecord/2}), {@code
 * HeadSnapshot} ({@code HeadSnapshot/1}) and {@code RollupCodec} ({@code RollupBlock/1}); the
 * chunks are {@link io.tidemark.storage.chunk.Chunk}'s {@code Chunk/1}. {@code Bytes} holds the
 * wire primitives they share (varints, zig-zag, big-endian integers, and {@code Bytes.Layout}: a
 * value's magic and version header and its CRC-32C). {@code docs/storage-format.md} describes the
 * whole store.
 */
package io.tidemark.storage.rocksdb;
