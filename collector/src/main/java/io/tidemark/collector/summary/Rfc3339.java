package io.tidemark.collector.summary;

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
    return parseMillis(text.toCharArray(), 0, text.length());
  }

  /** Parses {@code chars[offset, offset + length)} without building a String when it is valid. */
  static long parseMillis(char[] chars, int offset, int length) {
    int n = length;
    int o = offset;
    if (n >= 20
        && chars[o + 4] == '-'
        && chars[o + 7] == '-'
        && (chars[o + 10] == 'T' || chars[o + 10] == 't')
        && chars[o + 13] == ':'
        && chars[o + 16] == ':'
        && (chars[o + n - 1] == 'Z' || chars[o + n - 1] == 'z')) {
      int year = digits(chars, o, 4);
      int month = digits(chars, o + 5, 2);
      int day = digits(chars, o + 8, 2);
      int hour = digits(chars, o + 11, 2);
      int minute = digits(chars, o + 14, 2);
      int second = digits(chars, o + 17, 2);
      int millis = 0;
      if (n > 20) {
        if (chars[o + 19] != '.' || n == 21) {
          return slowPath(chars, offset, length);
        }
        int scale = 100;
        for (int i = 20; i < n - 1; i++) {
          char c = chars[o + i];
          if (c < '0' || c > '9') {
            return slowPath(chars, offset, length);
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
    return slowPath(chars, offset, length);
  }

  private static long slowPath(char[] chars, int offset, int length) {
    String text = new String(chars, offset, length);
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 timestamp", e);
    }
  }

  private static int digits(char[] chars, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = chars[i];
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
