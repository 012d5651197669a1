package io.tidemark.collector.summary;

import java.nio.CharBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as the kubelet writes them ({@code 2026-06-26T10:14:31Z}, optionally with a
 * fraction of a second), to epoch milliseconds without allocating on the common path.
 */
final class Rfc3339 {

  private Rfc3339() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not an RFC 3339 timestamp
   */
  static long parseMillis(String text) {
    return parse(text);
  }

  /** Parses {@code chars[offset, offset + length)} without building a String when it is valid. */
  static long parseMillis(char[] chars, int offset, int length) {
    return parse(CharBuffer.wrap(chars, offset, length));
  }

  private static long parse(CharSequence text) {
    int n = text.length();
    if (n >= 20
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && (text.charAt(10) == 'T' || text.charAt(10) == 't')
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && (text.charAt(n - 1) == 'Z' || text.charAt(n - 1) == 'z')) {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      int millis = 0;
      if (n > 20) {
        if (text.charAt(19) != '.' || n == 21) {
          return slowPath(text);
        }
        int scale = 100;
        for (int i = 20; i < n - 1; i++) {
          char c = text.charAt(i);
          if (c < '0' || c > '9') {
            return slowPath(text);
          }
          millis += (c - '0') * scale;
          scale /= 10;
        }
      }
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 31
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 60) {
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
      }
    }
    return slowPath(text);
  }

  private static long slowPath(CharSequence text) {
    try {
      return OffsetDateTime.parse(text.toString()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 timestamp", e);
    }
  }

  private static int digits(CharSequence text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
  }
}
