package io.tidemark.query.resources;

import io.tidemark.query.api.ApiResponse;
import io.tidemark.query.capacity.CapacityService;
import io.tidemark.query.capacity.Recommendation;
import io.tidemark.query.capacity.Trend;
import io.tidemark.query.series.SeriesNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Capacity planning: {@code GET /api/v1/trends/{cpu|memory}} and {@code GET
 * /api/v1/recommendations}. See docs/capacity.md.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class CapacityResource {

  private static final Duration MIN_WINDOW = Duration.ofHours(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(400);

  private final CapacityService service;

  /** The resource over {@code service}. */
  public CapacityResource(CapacityService service) {
    this.service = service;
  }

  /** Percentiles, daily peaks and the linear trend of every entity of a scope. */
  @GET
  @Path("trends/{resource}")
  public Response trends(
      @PathParam("resource") String resource,
      @QueryParam("scope") String scope,
      @QueryParam("window") String window,
      @QueryParam("namespace") String namespace,
      @QueryParam("node") String node,
      @QueryParam("workload") String workload,
      @QueryParam("pod") String pod,
      @QueryParam("container") String container) {
    try {
      Duration w = window(window, Duration.ofDays(7));
      List<Trend> trends =
          service.trends(
              resource,
              scope == null ? "namespace" : scope,
              w,
              filters(namespace, node, workload, pod, container));
      return Response.ok(ApiResponse.success(trends)).build();
    } catch (IllegalArgumentException e) {
      return badData(e.getMessage());
    }
  }

  /** Recommended requests and limits per workload and container. */
  @GET
  @Path("recommendations")
  public Response recommendations(
      @QueryParam("window") String window,
      @QueryParam("namespace") String namespace,
      @QueryParam("workload") String workload) {
    try {
      Duration w = window(window, Duration.ofDays(14));
      List<Recommendation> out =
          service.recommendations(w, filters(namespace, null, workload, null, null));
      return Response.ok(ApiResponse.success(out)).build();
    } catch (IllegalArgumentException e) {
      return badData(e.getMessage());
    }
  }

  private static Map<String, String> filters(
      String namespace, String node, String workload, String pod, String container) {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, SeriesNames.NAMESPACE_LABEL, namespace);
    put(out, SeriesNames.NODE_LABEL, node);
    put(out, "workload", workload);
    put(out, SeriesNames.POD_LABEL, pod);
    put(out, SeriesNames.CONTAINER_LABEL, container);
    return out;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static Duration window(String text, Duration fallback) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    Duration d;
    try {
      d = io.dropwizard.util.Duration.parse(text).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("window: '" + text + "' is not a duration like 30d");
    }
    if (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be between 1h and 400d, was " + text);
    }
    return d;
  }

  private static Response badData(String message) {
    return Response.status(Response.Status.BAD_REQUEST)
        .entity(ApiResponse.error("bad_data", message))
        .build();
  }
}
