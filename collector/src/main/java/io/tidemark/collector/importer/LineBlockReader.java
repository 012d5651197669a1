package io.tidemark.collector.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream into blocks of whole lines, so that a parser of complete payloads can read an input
 * of any size in memory of about one block.
 *
 * <p>Each block fills the buffer as far as the input allows and ends after the last line feed in
 * it; the partial line after that starts the next block. The last block is the rest of the input,
 * which may lack a final line feed. A line longer than the buffer doubles it, up to a limit.
 *
 * <p>Not thread-safe.
 */
final class LineBlockReader {

  private final InputStream in;
  private final int maxBlockBytes;
  private byte[] buf;
  private int filled;
  private int blockEnd;
  private boolean eof;

  /**
   * A reader of {@code in}.
   *
   * @param blockBytes the usual block size
   * @param maxBlockBytes the largest block, so the longest line, accepted
   */
  LineBlockReader(InputStream in, int blockBytes, int maxBlockBytes) {
    this.in = in;
    this.buf = new byte[blockBytes];
    this.maxBlockBytes = Math.max(blockBytes, maxBlockBytes);
  }

  /**
   * Moves to the next block.
   *
   * @return false at the end of the input
   * @throws IOException when the input fails or holds a line longer than the largest block
   */
  boolean next() throws IOException {
    int rest = filled - blockEnd;
    System.arraycopy(buf, blockEnd, buf, 0, rest);
    filled = rest;
    blockEnd = 0;
    while (true) {
      while (filled < buf.length && !eof) {
        int n = in.read(buf, filled, buf.length - filled);
        if (n < 0) {
          eof = true;
        } else {
          filled += n;
        }
      }
      if (filled == 0) {
        return false;
      }
      if (eof) {
        blockEnd = filled;
        return true;
      }
      for (int i = filled - 1; i >= 0; i--) {
        if (buf[i] == '\n') {
          blockEnd = i + 1;
          return true;
        }
      }
      if (buf.length >= maxBlockBytes) {
        throw new IOException("a line is longer than " + maxBlockBytes + " bytes");
      }
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBlockBytes));
    }
  }

  /** The current block: {@code buffer()[0, length())}. */
  byte[] buffer() {
    return buf;
  }

  /** The length of the current block. */
  int length() {
    return blockEnd;
  }
}
