package io.tidemark.query.resources;

import io.tidemark.query.export.ExportRequest;
import io.tidemark.query.export.OpenMetricsExport;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/export}: the raw samples of the series matching {@code match[]} (one or more
 * PromQL series selectors) between {@code start} and {@code end} (unix seconds or RFC 3339, both
 * inclusive; default: the hour before now), as OpenMetrics text ({@link OpenMetricsExport}), by GET
 * or form POST.
 *
 * <p>The parameters are checked and the series selected before the first byte is sent, so a bad
 * parameter gets 400 {@code bad_data} naming it; the samples are then streamed series by series.
 * Compression is Dropwizard's: its gzip handler (on by default, {@code server.gzip}) compresses the
 * answer of a GET that says {@code Accept-Encoding: gzip}. A failure in the middle of the stream
 * cuts it short before {@code # EOF}, which tells the reader it is incomplete.
 */
@Path("/api/v1/export")
public final class ExportResource {

  /** The range exported when neither {@code start} nor {@code end} is given. */
  public static final Duration DEFAULT_RANGE = Duration.ofHours(1);

  private final TimeSeriesStore store;
  private final Clock clock;

  /** Exports from {@code store}; {@code clock} gives "now", the default end. */
  public ExportResource(TimeSeriesStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The export, by GET. */
  @GET
  public Response get(@Context UriInfo uri) {
    return export(PromParams.of(uri));
  }

  /** The same as a POST with a form body ({@link PromParams}), for long lists of selectors. */
  @POST
  public Response post(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return export(PromParams.of(uri, type, body));
  }

  private Response export(PromParams params) {
    OpenMetricsExport export;
    try {
      export = OpenMetricsExport.prepare(store, request(params));
    } catch (PromParams.BadParameterException | IllegalArgumentException e) {
      return PromResponses.error(400, "bad_data", e.getMessage());
    } catch (StorageException e) {
      return PromResponses.error(500, "internal", e.getMessage());
    }
    StreamingOutput body = out -> export.writeTo(out, OpenMetricsExport.Listener.NONE);
    return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, OpenMetricsExport.MEDIA_TYPE).build();
  }

  private ExportRequest request(PromParams params) {
    List<String> match = params.all("match[]");
    if (match.isEmpty()) {
      // Prometheus' own words for /series.
      throw new IllegalArgumentException("no match[] parameter provided");
    }
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    for (String m : match) {
      try {
        selectors.add(ExportRequest.parseSelector(m));
      } catch (IllegalArgumentException e) {
        throw new PromParams.BadParameterException("match[]", e.getMessage());
      }
    }
    Long start = time(params, "start");
    Long end = time(params, "end");
    long to = end != null ? end : clock.millis();
    long from = start != null ? start : to - DEFAULT_RANGE.toMillis();
    if (to < from) {
      throw new PromParams.BadParameterException(
          "end", "end timestamp must not be before start time");
    }
    return new ExportRequest(selectors, from, to);
  }

  private static Long time(PromParams params, String name) {
    String text = params.first(name);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return ExportRequest.parseTime(text);
    } catch (IllegalArgumentException e) {
      throw new PromParams.BadParameterException(name, e.getMessage());
    }
  }
}
