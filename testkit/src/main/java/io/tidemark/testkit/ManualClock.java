package io.tidemark.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock moved by hand, in UTC: tests and benchmarks drive scheduling, retention, downsampling and
 * the simulator with it instead of sleeping.
 *
 * <p>Thread safety: safe from any thread; a reader sees the last {@link #set} or {@link #advance}.
 */
public final class ManualClock extends Clock {

  private volatile Instant now;

  /** A clock showing {@code start}. */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /** A clock showing {@code millis} since the epoch. */
  public ManualClock(long millis) {
    this(Instant.ofEpochMilli(millis));
  }

  /** Moves to {@code millis} since the epoch (backwards too). */
  public void set(long millis) {
    now = Instant.ofEpochMilli(millis);
  }

  /** Moves forward by {@code by}. */
  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
