package io.tidemark.query.resources;

import io.tidemark.query.api.QueryData;
import io.tidemark.query.promql.PromQlEngine;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.query.promql.StoreSeriesSource;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range} of the Prometheus HTTP API, by GET or by
 * POST with a form body, answered by a {@link PromQlEngine}. See {@code docs/query.md} for the
 * PromQL subset.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PromQueryResource {

  private final PromQlEngine engine;
  private final Clock clock;

  /**
   * Queries over {@code store}'s raw samples and rollup tiers within {@code limits}; "now" is
   * {@code clock}'s.
   */
  public PromQueryResource(TimeSeriesStore store, QueryLimits limits, Clock clock) {
    this(new PromQlEngine(new StoreSeriesSource(store), limits), clock);
  }

  /** Queries answered by {@code engine}. */
  public PromQueryResource(PromQlEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** An instant query: {@code query}, optional {@code time} (default now) and {@code timeout}. */
  @GET
  @Path("query")
  public Response query(@Context UriInfo uri) {
    return query(PromParams.of(uri));
  }

  /** The same as a POST, with the parameters in a form body ({@link PromParams}). */
  @POST
  @Path("query")
  public Response queryPost(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return query(PromParams.of(uri, type, body));
  }

  /** A range query: {@code query}, {@code start}, {@code end}, {@code step}, {@code timeout}. */
  @GET
  @Path("query_range")
  public Response queryRange(@Context UriInfo uri) {
    return queryRange(PromParams.of(uri));
  }

  /** The same as a POST, with the parameters in a form body ({@link PromParams}). */
  @POST
  @Path("query_range")
  public Response queryRangePost(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return queryRange(PromParams.of(uri, type, body));
  }

  private Response query(PromParams params) {
    return PromResponses.answer(
        () -> {
          long time = params.time("time", clock.millis());
          Duration timeout = timeout(params);
          String query = queryText(params);
          try {
            return QueryData.of(engine.instantQuery(query, time, timeout));
          } catch (IllegalArgumentException e) {
            throw badQuery(e);
          }
        });
  }

  private Response queryRange(PromParams params) {
    return PromResponses.answer(
        () -> {
          long start = params.requiredTime("start");
          long end = params.requiredTime("end");
          Long step = params.durationMillis("step");
          if (step == null) {
            throw new PromParams.BadParameterException(
                "step", "cannot parse \"\" to a valid duration");
          }
          if (end < start) {
            throw new PromParams.BadParameterException(
                "end", "end timestamp must not be before start time");
          }
          if (step <= 0) {
            throw new PromParams.BadParameterException(
                "step",
                "zero or negative query resolution step widths are not accepted. Try a positive"
                    + " integer");
          }
          Duration timeout = timeout(params);
          String query = queryText(params);
          try {
            return QueryData.of(engine.rangeQuery(query, start, end, step, timeout));
          } catch (IllegalArgumentException e) {
            throw badQuery(e);
          }
        });
  }

  /**
   * What the engine refuses about a query that parses (a range query of a range vector, offsets
   * that move it out of time) is a bad {@code query}, as Prometheus words it; the times and the
   * step are checked before.
   */
  private static PromParams.BadParameterException badQuery(IllegalArgumentException e) {
    return new PromParams.BadParameterException("query", e.getMessage());
  }

  private static String queryText(PromParams params) {
    String query = params.first("query");
    return query == null ? "" : query;
  }

  private static Duration timeout(PromParams params) {
    Long millis = params.durationMillis("timeout");
    if (millis == null) {
      return null;
    }
    if (millis <= 0) {
      throw new PromParams.BadParameterException("timeout", "the timeout must be positive");
    }
    return Duration.ofMillis(millis);
  }
}
