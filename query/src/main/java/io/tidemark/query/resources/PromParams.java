package io.tidemark.query.resources;

import io.tidemark.query.promql.Durations;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of a Prometheus API request, from the URL and, for a POST, the form body (which
 * wins, as Go's {@code Request.FormValue}); parsed the way Prometheus 2.42 parses them.
 *
 * <p>A POST body is decoded here rather than by JAX-RS, so that every way it can be wrong is
 * answered like a bad parameter (400 {@code bad_data} naming it): a {@code Content-Type} other than
 * {@code application/x-www-form-urlencoded}, an unknown charset, a value that is not URL-encoded.
 * The error is raised by the first read of a parameter, inside the caller's error handling. An
 * empty body is no form at all, whatever its {@code Content-Type}.
 */
final class PromParams {

  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Prometheus' spellings of its minimum and maximum time, sent by some clients. */
  private static final String MIN_TIME = "-292273086-05-16T16:47:06Z";

  private static final String MAX_TIME = "292277025-08-18T07:12:54.999999999Z";

  private final Map<String, List<String>> form;
  private final RuntimeException badBody;
  private final MultivaluedMap<String, String> query;

  private PromParams(
      Map<String, List<String>> form,
      RuntimeException badBody,
      MultivaluedMap<String, String> query) {
    this.form = form;
    this.badBody = badBody;
    this.query = query;
  }

  /** The parameters of a GET: the URL's. */
  static PromParams of(UriInfo uri) {
    return new PromParams(Map.of(), null, uri.getQueryParameters());
  }

  /** The parameters of a POST: the form {@code body}'s, then the URL's. */
  static PromParams of(UriInfo uri, String contentType, byte[] body) {
    Map<String, List<String>> form = Map.of();
    RuntimeException badBody = null;
    try {
      form = form(contentType, body);
    } catch (IllegalArgumentException | BadParameterException e) {
      badBody = e;
    }
    return new PromParams(form, badBody, uri.getQueryParameters());
  }

  private static Map<String, List<String>> form(String contentType, byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    if (contentType == null || contentType.isBlank()) {
      throw new IllegalArgumentException(
          "the body has no Content-Type: send the parameters in the URL or in an "
              + MediaType.APPLICATION_FORM_URLENCODED
              + " body");
    }
    MediaType type;
    try {
      type = MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid Content-Type \"" + contentType + "\"", e);
    }
    if (!type.getType().equalsIgnoreCase("application")
        || !type.getSubtype().equalsIgnoreCase("x-www-form-urlencoded")) {
      throw new IllegalArgumentException(
          "unsupported Content-Type \""
              + contentType
              + "\": send the parameters in the URL or in an "
              + MediaType.APPLICATION_FORM_URLENCODED
              + " body");
    }
    Charset charset = StandardCharsets.UTF_8;
    String charsetName = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charsetName != null) {
      try {
        charset = Charset.forName(charsetName);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid Content-Type \"" + contentType + "\": unknown charset \"" + charsetName + "\"",
            e);
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : new String(body, charset).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      String name;
      try {
        name = URLDecoder.decode(rawName, charset);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid form body: the name \"" + rawName + "\" is not URL-encoded", e);
      }
      String value;
      try {
        value = URLDecoder.decode(rawValue, charset);
      } catch (IllegalArgumentException e) {
        throw new BadParameterException(
            name, "the form value \"" + rawValue + "\" is not URL-encoded");
      }
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /** The first value of a parameter, or {@code null}. */
  String first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a parameter, form values first. */
  List<String> all(String name) {
    if (badBody != null) {
      throw badBody;
    }
    List<String> out = new ArrayList<>(form.getOrDefault(name, List.of()));
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
