package io.tidemark.simulator;

/** A way a simulated kubelet can misbehave, for tests of the scrape path. */
public enum Fault {
  /** Answers normally. */
  NONE,
  /** Waits ten seconds before answering. */
  SLOW,
  /** Answers HTTP 500. */
  SERVER_ERROR,
  /** Answers the first half of the payload only. */
  TRUNCATED,
  /** Answers bytes that are not the expected format. */
  GARBAGE
}
