package io.tidemark.query.resources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.query.api.ApiResponse;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/status/retention}: how long each resolution is kept, read with GET and changed
 * with PUT. The body of a PUT names the resolutions to change ({@code {"raw": "14d"}}); the others
 * keep their value. A change applies from the next maintenance run (within a minute) and lasts
 * until the process stops: the configuration file ({@code storage.retention}) is what a restart
 * uses.
 */
@Path("/api/v1/status/retention")
@Produces(MediaType.APPLICATION_JSON)
public final class RetentionResource {

  private static final String EXAMPLE = "{\"raw\": \"14d\"}";
  private static final String EXAMPLE_FIRST =
      "the body must name at least one resolution, like " + EXAMPLE;
  private static final JsonFactory JSON = new JsonFactory();

  private final TimeSeriesStore store;

  /** A resource over {@code store}'s retention. */
  public RetentionResource(TimeSeriesStore store) {
    this.store = store;
  }

  /** The current retention per resolution, like {@code {"raw": "7d", "5m": "90d"}}. */
  @GET
  public ApiResponse<Map<String, String>> get() {
    return ApiResponse.success(describe(store.retention()));
  }

  /**
   * Changes the retention of the named resolutions. The body is read here rather than by JAX-RS so
   * that whatever is wrong with it, its {@code Content-Type} included, is a 400 {@code bad_data}
   * that says what.
   */
  @PUT
  public Response put(@HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    Map<String, String> changes;
    try {
      changes = changes(type, body);
    } catch (IllegalArgumentException e) {
      return badData(e.getMessage());
    }
    RetentionPolicy current = store.retention();
    Duration raw = current.raw();
    Map<String, Duration> tiers = new LinkedHashMap<>();
    current.rollups().forEach(r -> tiers.put(r.name(), r.retention()));
    for (Map.Entry<String, String> change : changes.entrySet()) {
      String name = change.getKey();
      if (!name.equals("raw") && !tiers.containsKey(name)) {
        return badData(
            "no resolution '" + name + "'; the resolutions are " + describe(current).keySet());
      }
      Duration value;
      try {
        value = duration(name, change.getValue());
      } catch (IllegalArgumentException e) {
        return badData(e.getMessage());
      }
      if (name.equals("raw")) {
        raw = value;
      } else {
        tiers.put(name, value);
      }
    }
    RetentionPolicy updated;
    try {
      List<Resolution> rollups = new ArrayList<>();
      for (Resolution r : current.rollups()) {
        rollups.add(new Resolution(r.step(), tiers.get(r.name())));
      }
      updated = new RetentionPolicy(raw, rollups);
      store.retention(updated);
    } catch (IllegalArgumentException e) {
      return badData(e.getMessage());
    } catch (StorageException e) {
      return Response.status(Response.Status.CONFLICT)
          .entity(ApiResponse.error("unavailable", e.getMessage()))
          .build();
    }
    return Response.ok(ApiResponse.success(describe(updated))).build();
  }

  /**
   * The body: a JSON object of resolution names to duration strings, each name once.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  private static Map<String, String> changes(String type, byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException(EXAMPLE_FIRST);
    }
    if (!isJson(type)) {
      throw new IllegalArgumentException(
          (type == null || type.isBlank()
                  ? "the body has no Content-Type"
                  : "unsupported Content-Type \"" + type + "\"")
              + ": the body must be "
              + MediaType.APPLICATION_JSON
              + ", like "
              + EXAMPLE);
    }
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException(EXAMPLE_FIRST);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            "the body must be a JSON object of resolutions and durations, like " + EXAMPLE);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (out.containsKey(name)) {
          throw new IllegalArgumentException("the body names '" + name + "' twice");
        }
        if (value != JsonToken.VALUE_STRING) {
          String shown = value.isStructStart() ? "a JSON " + kind(value) : parser.getText();
          throw new IllegalArgumentException(
              "retention of " + name + ": " + shown + " is not a duration string like \"14d\"");
        }
        out.put(name, parser.getText());
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("the body goes on after its JSON object");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "the body is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + "; it must be like "
              + EXAMPLE,
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(EXAMPLE_FIRST);
    }
    return out;
  }

  private static boolean isJson(String type) {
    if (type == null || type.isBlank()) {
      return false;
    }
    MediaType media;
    try {
      media = MediaType.valueOf(type);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return media.getType().equalsIgnoreCase("application")
        && (media.getSubtype().equalsIgnoreCase("json")
            || media.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
  }

  private static String kind(JsonToken start) {
    return start == JsonToken.START_ARRAY ? "array" : "object";
  }

  /**
   * A retention as Dropwizard writes durations ({@code 14d}, {@code 36h}, {@code 7 days}), that
   * fits in a {@link Duration} of nanoseconds as the store computes with it.
   */
  private static Duration duration(String name, String text) {
    io.dropwizard.util.Duration parsed;
    try {
      parsed = io.dropwizard.util.Duration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "retention of " + name + ": '" + text + "' is not a duration like 14d", e);
    }
    // Dropwizard saturates what does not fit instead of failing.
    if (parsed.toNanoseconds() == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "retention of " + name + ": '" + text + "' is out of range (at most 106751d)");
    }
    return parsed.toJavaDuration();
  }

  private static Map<String, String> describe(RetentionPolicy policy) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("raw", Resolution.name(policy.raw()));
    policy.rollups().forEach(r -> out.put(r.name(), Resolution.name(r.retention())));
    return out;
  }

  private static Response badData(String message) {
    return Response.status(Response.Status.BAD_REQUEST)
        .entity(ApiResponse.error("bad_data", message))
        .build();
  }
}
