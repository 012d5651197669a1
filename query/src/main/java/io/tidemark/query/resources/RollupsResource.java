package io.tidemark.query.resources;

import io.tidemark.query.api.ApiResponse;
import io.tidemark.query.api.RollupData;
import io.tidemark.query.api.RollupData.RollupBucket;
import io.tidemark.query.api.RollupData.RollupSeries;
import io.tidemark.query.format.GoNumbers;
import io.tidemark.query.promql.LabelSet;
import io.tidemark.query.promql.Parser;
import io.tidemark.query.promql.PromQlParseException;
import io.tidemark.query.promql.QueryLimitException;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rollup.Bucket;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/rollups}: the stored rollup buckets of every series matching any {@code match[]},
 * in one tier ({@code resolution}), for the buckets starting in {@code [start, end]}; as JSON in
 * the Prometheus envelope ({@link RollupData}) or, with {@code format=csv}, as CSV with one row per
 * series and bucket. By GET or by form POST.
 *
 * <p>Days the background rollup has not reached yet are computed from raw samples on the fly, so
 * the answer has no gap at its recent end. Limits ({@link QueryLimits}): each {@code match[]} may
 * select {@code maxSeriesPerSelector} series, the range may hold {@code maxPointsPerSeries} buckets
 * of the tier, and the answer {@code maxSamples} buckets in all; each is a 422 naming it. Errors
 * are JSON whatever the format.
 */
@Path("/api/v1/rollups")
public final class RollupsResource {

  /** The media type of the CSV answer. */
  public static final String TEXT_CSV = "text/csv; charset=utf-8";

  /** The CSV header row. */
  static final String CSV_HEADER =
      "series,start,count,sum,min,max,first,last,firstTimestamp,lastTimestamp,increase,"
          + String.join(",", RollupData.PERCENTILE_NAMES);

  private final TimeSeriesStore store;
  private final QueryLimits limits;

  /** Rollups of {@code store} within {@code limits}. */
  public RollupsResource(TimeSeriesStore store, QueryLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** The buckets; parameters {@code match[]}, {@code resolution}, {@code start}, {@code end}. */
  @GET
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  public Response get(@Context UriInfo uri) {
    return rollups(PromParams.of(uri));
  }

  /** The same as a POST, with the parameters in a form body ({@link PromParams}). */
  @POST
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  public Response post(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return rollups(PromParams.of(uri, type, body));
  }

  private Response rollups(PromParams params) {
    return PromResponses.respond(
        () -> {
          List<String> match = params.all("match[]");
          if (match.isEmpty()) {
            throw new IllegalArgumentException("no match[] parameter provided");
          }
          Resolution tier = tier(params);
          long start = params.requiredTime("start");
          long end = params.requiredTime("end");
          if (end < start) {
            throw new PromParams.BadParameterException(
                "end", "end timestamp must not be before start time");
          }
          boolean csv = csv(params);
          if ((end - start) / tier.stepMillis() > limits.maxPointsPerSeries()) {
            throw new QueryLimitException(
                "maxPointsPerSeries",
                "the range holds more than "
                    + limits.maxPointsPerSeries()
                    + " buckets of "
                    + tier.name()
                    + " per series; shorten it or use a coarser resolution");
          }
          List<Rows> data = load(selected(match), tier, start, end);
          if (csv) {
            return Response.ok(csvBody(data), TEXT_CSV).build();
          }
          List<RollupSeries> result = new ArrayList<>(data.size());
          for (Rows rows : data) {
            result.add(
                new RollupSeries(
                    LabelSet.of(rows.series()).toMap(),
                    rows.buckets().stream().map(RollupBucket::new).toList()));
          }
          return Response.ok(
                  ApiResponse.success(new RollupData(tier.name(), result)),
                  MediaType.APPLICATION_JSON_TYPE)
              .build();
        });
  }

  private Resolution tier(PromParams params) {
    RetentionPolicy retention = store.retention();
    String known =
        retention.rollups().stream().map(Resolution::name).collect(Collectors.joining(", "));
    String name = params.first("resolution");
    if (name == null || name.isEmpty()) {
      throw new PromParams.BadParameterException(
          "resolution", "a resolution is required, one of " + known);
    }
    Resolution tier = retention.rollup(name);
    if (tier == null) {
      throw new PromParams.BadParameterException(
          "resolution", "unknown resolution \"" + name + "\"; the resolutions are " + known);
    }
    return tier;
  }

  private static boolean csv(PromParams params) {
    String format = params.first("format");
    if (format == null || format.isEmpty() || format.equals("json")) {
      return false;
    }
    if (format.equals("csv")) {
      return true;
    }
    throw new PromParams.BadParameterException(
        "format", "unknown format \"" + format + "\"; the formats are json, csv");
  }

  /** The distinct series matching any selector, sorted by labels. */
  private Map<LabelSet, SeriesKey> selected(List<String> match) {
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    for (String m : match) {
      try {
        selectors.add(Parser.parseSelector(m).matchers());
      } catch (PromQlParseException e) {
        throw new PromParams.BadParameterException("match[]", e.getMessage());
      }
    }
    Map<LabelSet, SeriesKey> out = new TreeMap<>();
    for (List<LabelMatcher> matchers : selectors) {
      List<SeriesKey> selected = store.select(matchers);
      if (selected.size() > limits.maxSeriesPerSelector()) {
        throw new QueryLimitException(
            "maxSeriesPerSelector",
            "match[] selects "
                + selected.size()
                + " series, more than "
                + limits.maxSeriesPerSelector());
      }
      for (SeriesKey series : selected) {
        out.put(LabelSet.of(series), series);
      }
    }
    return out;
  }

  /** The buckets of one series. */
  private record Rows(SeriesKey series, List<Bucket> buckets) {}

  /** The buckets of each series that has some, within {@code maxSamples} in all. */
  private List<Rows> load(Map<LabelSet, SeriesKey> series, Resolution tier, long start, long end) {
    List<Rows> out = new ArrayList<>(series.size());
    long total = 0;
    for (SeriesKey key : series.values()) {
      List<Bucket> buckets = store.rollups(key, tier.name(), start, end);
      total += buckets.size();
      if (total > limits.maxSamples()) {
        throw new QueryLimitException(
            "maxSamples", "the answer would hold more than " + limits.maxSamples() + " buckets");
      }
      if (!buckets.isEmpty()) {
        out.add(new Rows(key, buckets));
      }
    }
    return out;
  }

  private static StreamingOutput csvBody(List<Rows> data) {
    return output -> {
      Writer out =
          new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
      out.write(CSV_HEADER);
      out.write('\n');
      for (Rows rows : data) {
        String series = quote(rows.series().toString());
        for (Bucket b : rows.buckets()) {
          out.write(row(series, b));
        }
      }
      out.flush();
    };
  }

  /** One CSV row: empty cells for what the bucket does not keep. */
  static String row(String quotedSeries, Bucket b) {
    StringBuilder row = new StringBuilder(256).append(quotedSeries);
    row.append(',').append(GoNumbers.seconds(b.start()));
    row.append(',').append(b.count());
    for (double v : new double[] {b.sum(), b.min(), b.max(), b.first(), b.last()}) {
      row.append(',').append(GoNumbers.formatSample(v));
    }
    row.append(',').append(GoNumbers.seconds(b.firstTimestamp()));
    row.append(',').append(GoNumbers.seconds(b.lastTimestamp()));
    row.append(',');
    if (b.isCounter()) {
      row.append(GoNumbers.formatSample(b.increase()));
    }
    double[] percentiles = new RollupBucket(b).percentiles();
    for (int i = 0; i < RollupData.PERCENTILES.size(); i++) {
      row.append(',');
      if (percentiles != null) {
        row.append(GoNumbers.formatSample(percentiles[i]));
      }
    }
    return row.append('\n').toString();
  }

  /** An RFC 4180 field: in double quotes, inner quotes doubled. */
  static String quote(String field) {
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
