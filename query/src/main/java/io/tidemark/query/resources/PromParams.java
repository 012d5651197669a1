package io.tidemark.query.resources;

import io.tidemark.query.promql.Durations;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parameters of a Prometheus API request, from the URL and, for a POST, the form body (which
 * wins, as Go's {@code Request.FormValue}); parsed the way Prometheus 2.42 parses them.
 */
final class PromParams {

  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Prometheus' spellings of its minimum and maximum time, sent by some clients. */
  private static final String MIN_TIME = "-292273086-05-16T16:47:06Z";

  private static final String MAX_TIME = "292277025-08-18T07:12:54.999999999Z";

  private final MultivaluedMap<String, String> form;
  private final MultivaluedMap<String, String> query;

  private PromParams(MultivaluedMap<String, String> form, MultivaluedMap<String, String> query) {
    this.form = form;
    this.query = query;
  }

  static PromParams of(UriInfo uri, MultivaluedMap<String, String> form) {
    return new PromParams(form, uri.getQueryParameters());
  }

  /** The first value of a parameter, or {@code null}. */
  String first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a parameter, form values first. */
  List<String> all(String name) {
    List<String> out = new ArrayList<>();
    if (form != null && form.get(name) != null) {
      out.addAll(form.get(name));
    }
    if (query.get(name) != null) {
      out.addAll(query.get(name));
    }
    return out;
  }

  /**
   * An optional time: unix seconds with decimals (rounded to the millisecond) or RFC 3339.
   *
   * @return milliseconds since the epoch, or {@code fallback} when the parameter is absent
   * @throws BadParameterException when it does not parse
   */
  long time(String name, long fallback) {
    String text = first(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return parseTime(name, text);
    } catch (BadParameterException e) {
      // Prometheus words the optional times of /query, /series and /labels so.
      throw new BadParameterException(name, "Invalid time value for '" + name + "': " + e.detail());
    }
  }

  /** A required time, like {@code start} and {@code end} of {@code /query_range}. */
  long requiredTime(String name) {
    String text = first(name);
    return parseTime(name, text == null ? "" : text);
  }

  static long parseTime(String name, String text) {
    if (FLOAT.matcher(text).matches()) {
      double t = Double.parseDouble(text);
      if (Math.abs(t) < 9.2e15) {
        double seconds = t < 0 ? Math.ceil(t) : Math.floor(t); // Go's math.Modf
        double fraction = goRound((t - seconds) * 1000) / 1000;
        return (long) seconds * 1000 + (long) (fraction * 1e9) / 1_000_000;
      }
    } else if (text.equals(MIN_TIME)) {
      return Long.MIN_VALUE / 2;
    } else if (text.equals(MAX_TIME)) {
      return Long.MAX_VALUE / 2;
    } else {
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // falls through to the error
      }
    }
    throw new BadParameterException(name, "cannot parse \"" + text + "\" to a valid timestamp");
  }

  private static double goRound(double x) {
    return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
  }

  /**
   * A duration: seconds with decimals, or a Prometheus duration like {@code 5m}.
   *
   * @return milliseconds, or {@code null} when the parameter is absent
   * @throws BadParameterException when it does not parse
   */
  Long durationMillis(String name) {
    String text = first(name);
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (FLOAT.matcher(text).matches()) {
      double seconds = Double.parseDouble(text);
      if (Math.abs(seconds) * 1e9 >= 9.2e18) {
        throw new BadParameterException(
            name, "cannot parse \"" + text + "\" to a valid duration. It overflows int64");
      }
      return (long) (seconds * 1e9) / 1_000_000;
    }
    try {
      return Durations.parseMillis(text);
    } catch (IllegalArgumentException e) {
      throw new BadParameterException(name, "cannot parse \"" + text + "\" to a valid duration");
    }
  }

  /** A parameter that did not parse; the message names it as Prometheus does. */
  static final class BadParameterException extends RuntimeException {

    @java.io.Serial private static final long serialVersionUID = 1L;

    private final String detail;

    BadParameterException(String name, String detail) {
      super("invalid parameter \"" + name + "\": " + detail);
      this.detail = detail;
    }

    String detail() {
      return detail;
    }
  }
}
