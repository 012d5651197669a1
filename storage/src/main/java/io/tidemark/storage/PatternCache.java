package io.tidemark.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Compiled, fully anchored matcher expressions; bounded, cleared when full. */
final class PatternCache {

  private static final int LIMIT = 10_000;
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private PatternCache() {}

  static Pattern get(String regex) {
    Pattern pattern = PATTERNS.get(regex);
    if (pattern == null) {
      if (PATTERNS.size() >= LIMIT) {
        PATTERNS.clear();
      }
      pattern =
          PATTERNS.computeIfAbsent(regex, r -> Pattern.compile("(?:" + r + ")", Pattern.DOTALL));
    }
    return pattern;
  }
}
