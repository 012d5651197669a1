package io.tidemark.collector.scrape;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The health of a target, as Prometheus reports it. */
public enum Health {
  /** Not scraped yet. */
  UNKNOWN,
  /** The last scrape succeeded. */
  UP,
  /** The last scrape failed. */
  DOWN;

  /** The lower-case name used in JSON. */
  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
