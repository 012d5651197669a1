package io.tidemark.collector.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line on standard error, throttled: on a terminal it is rewritten in place at most four
 * times a second; otherwise (a log, a pipe) a new line is printed at most every five seconds.
 *
 * <p>Not thread-safe.
 */
final class Progress {

  private static final int BAR_WIDTH = 20;

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private long lastPrinted;
  private int lastLength;

  Progress(PrintStream err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.intervalNanos = terminal ? 250_000_000L : 5_000_000_000L;
    this.lastPrinted = nanoTime.getAsLong();
  }

  /** Prints {@code text} when the interval since the last print has passed. */
  void update(Supplier<String> text) {
    long now = nanoTime.getAsLong();
    if (now - lastPrinted < intervalNanos) {
      return;
    }
    lastPrinted = now;
    print(text.get(), false);
  }

  /** Prints {@code text} now, as the last line of this progress. */
  void finish(String text) {
    print(text, true);
  }

  /** Removes a progress line left on a terminal, so other output starts on a clean line. */
  void clear() {
    if (terminal && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  private void print(String text, boolean last) {
    if (!terminal) {
      err.println(text);
      return;
    }
    // Spaces wipe what a longer previous text left on the line.
    String padded = text + " ".repeat(Math.max(0, lastLength - text.length()));
    err.print("\r" + padded + (last ? "\n" : ""));
    err.flush();
    lastLength = last ? 0 : text.length();
  }

  /** Like {@code [##### ] 25%}; {@code total} 0 counts as done. */
  static String bar(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    int filled = percent * BAR_WIDTH / 100;
    return "["
        + "#".repeat(filled)
        + " ".repeat(BAR_WIDTH - filled)
        + "] "
        + " ".repeat(percent < 10 ? 2 : percent < 100 ? 1 : 0)
        + percent
        + "%";
  }
}
