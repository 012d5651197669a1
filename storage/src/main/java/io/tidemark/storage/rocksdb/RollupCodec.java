package io.tidemark.storage.rocksdb;

import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.sketch.LogSketch;
import java.util.ArrayList;
import java.util.List;

/**
 * Layout {@code RollupBlock/1}: one series' buckets of one rollup tier over one day, stored as
 * columns, each column a {@code Chunk/1} whose timestamps are the bucket starts, so that the codec
 * picks the cheapest encoding per column.
 *
 * <pre>
 * RollupBlock --> Magic(u8 = 0xB7), Version(u8 = 1), Flags(u8: bit 0 counter),
 *                 BucketCount(varint), Column^C, [Sketch^BucketCount], Crc32c(u32 BE)
 * Column      --> Length(varint), Chunk/1
 *                 C = 9 for counters: count, sum, min, max, first, last, FirstOffset,
 *                 LastOffset, increase; C = 8 for gauges (no increase)
 *                 FirstOffset, LastOffset: the first and last sample's time minus the bucket start
 * Sketch      --> Length(varint), LogSketch/1          (gauges only)
 * </pre>
 */
final class RollupCodec {

  static final Bytes.Layout LAYOUT = new Bytes.Layout("RollupBlock/1", 0xB7, 1, true);

  private RollupCodec() {}

  static byte[] encode(List<Bucket> buckets) {
    int n = buckets.size();
    boolean counter = buckets.get(0).isCounter();
    long[] starts = new long[n];
    double[][] columns = new double[counter ? 9 : 8][n];
    for (int i = 0; i < n; i++) {
      Bucket b = buckets.get(i);
      starts[i] = b.start();
      columns[0][i] = b.count();
      columns[1][i] = b.sum();
      columns[2][i] = b.min();
      columns[3][i] = b.max();
      columns[4][i] = b.first();
      columns[5][i] = b.last();
      columns[6][i] = b.firstTimestamp() - b.start();
      columns[7][i] = b.lastTimestamp() - b.start();
      if (counter) {
        columns[8][i] = b.increase();
      }
    }
    Bytes.Writer out = LAYOUT.writer(64 + n * 16);
    out.u8(counter ? 1 : 0).varint(n);
    for (double[] column : columns) {
      byte[] chunk = Chunk.encode(starts, column, n).bytes();
      out.varint(chunk.length).bytes(chunk);
    }
    if (!counter) {
      for (Bucket b : buckets) {
        byte[] sketch = b.sketch().encode();
        out.varint(sketch.length).bytes(sketch);
      }
    }
    return LAYOUT.finish(out);
  }

  static List<Bucket> decode(byte[] key, byte[] value) {
    String printable = Keys.printable(key);
    Bytes.Reader in = LAYOUT.open(key, value);
    try {
      int flags = in.u8();
      boolean counter = (flags & 1) != 0;
      int n = in.length(value.length);
      Chunk[] columns = new Chunk[counter ? 9 : 8];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = Chunk.decode(in.bytes(in.length(in.remaining())), printable);
        if (columns[c].count() != n) {
          throw new IllegalArgumentException("column " + c + " holds " + columns[c].count());
        }
      }
      List<Bucket> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long start = columns[0].timestamp(i);
        LogSketch sketch = null;
        if (!counter) {
          int length = in.length(in.remaining());
          sketch = LogSketch.decode(in.bytes(length), 0, length, printable);
        }
        out.add(
            new Bucket(
                start,
                (long) columns[0].value(i),
                columns[1].value(i),
                columns[2].value(i),
                columns[3].value(i),
                columns[4].value(i),
                columns[5].value(i),
                start + (long) columns[6].value(i),
                start + (long) columns[7].value(i),
                counter ? columns[8].value(i) : Double.NaN,
                sketch));
      }
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last bucket");
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw LAYOUT.corrupt(key, e.getMessage());
    }
  }
}
