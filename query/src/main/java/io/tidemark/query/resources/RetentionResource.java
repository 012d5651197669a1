package io.tidemark.query.resources;

import io.tidemark.query.api.ApiResponse;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** Changes the retention of the named resolutions. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(Map<String, String> changes) {
    if (changes == null || changes.isEmpty()) {
      return badData("the body must name at least one resolution, like {\"raw\": \"14d\"}");
    }
    RetentionPolicy current = store.retention();
    Duration raw = current.raw();
    Map<String, Duration> tiers = new LinkedHashMap<>();
    current.rollups().forEach(r -> tiers.put(r.name(), r.retention()));
    for (Map.Entry<String, String> change : changes.entrySet()) {
      Duration value;
      try {
        value =
            io.dropwizard.util.Duration.parse(String.valueOf(change.getValue())).toJavaDuration();
      } catch (IllegalArgumentException e) {
        return badData(
            "retention of " + change.getKey() + ": '" + change.getValue() + "' is not a duration");
      }
      if (change.getKey().equals("raw")) {
        raw = value;
      } else if (tiers.containsKey(change.getKey())) {
        tiers.put(change.getKey(), value);
      } else {
        return badData(
            "no resolution '"
                + change.getKey()
                + "'; the resolutions are "
                + describe(current).keySet());
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
