package io.tidemark.query.resources;

import io.tidemark.query.promql.LabelSet;
import io.tidemark.query.promql.Parser;
import io.tidemark.query.promql.PromQlParseException;
import io.tidemark.query.promql.QueryLimitException;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The metadata endpoints of the Prometheus HTTP API: {@code /api/v1/series}, {@code /api/v1/labels}
 * and {@code /api/v1/label/{name}/values}, by GET or by form POST.
 *
 * <p>Answered from the series index. With {@code match[]}, a {@code start} drops the series whose
 * newest sample is older (a series that stopped before the range); without {@code match[]}, the
 * label endpoints list every label of the index and ignore the times, which are still checked.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PromMetadataResource {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final TimeSeriesStore store;
  private final QueryLimits limits;

  /** Metadata of {@code store}; a {@code match[]} may select up to the limits' series. */
  public PromMetadataResource(TimeSeriesStore store, QueryLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** The series matching any {@code match[]}, as label sets. */
  @GET
  @Path("series")
  public Response series(@Context UriInfo uri) {
    return series(PromParams.of(uri));
  }

  /** The same as a POST, with the parameters in a form body ({@link PromParams}). */
  @POST
  @Path("series")
  public Response seriesPost(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return series(PromParams.of(uri, type, body));
  }

  /** The label names, of every series or of those matching {@code match[]}. */
  @GET
  @Path("labels")
  public Response labels(@Context UriInfo uri) {
    return labels(PromParams.of(uri));
  }

  /** The same as a POST, with the parameters in a form body ({@link PromParams}). */
  @POST
  @Path("labels")
  public Response labelsPost(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
    return labels(PromParams.of(uri, type, body));
  }

  /** The values of one label, of every series or of those matching {@code match[]}. */
  @GET
  @Path("label/{name}/values")
  public Response labelValues(@PathParam("name") String name, @Context UriInfo uri) {
    return labelValues(name, PromParams.of(uri));
  }

  /** The same as a form POST ({@link PromParams}); Prometheus itself takes GET only here. */
  @POST
  @Path("label/{name}/values")
  public Response labelValuesPost(
      @PathParam("name") String name,
      @Context UriInfo uri,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
      byte[] body) {
    return labelValues(name, PromParams.of(uri, type, body));
  }

  private Response series(PromParams params) {
    return PromResponses.answer(
        () -> {
          List<String> match = params.all("match[]");
          if (match.isEmpty()) {
            throw new IllegalArgumentException("no match[] parameter provided");
          }
          long start = start(params);
          List<Map<String, String>> out = new ArrayList<>();
          for (LabelSet labels : new TreeSet<>(labelSets(matched(start, match)))) {
            out.add(labels.toMap());
          }
          return out;
        });
  }

  private Response labels(PromParams params) {
    return PromResponses.answer(
        () -> {
          List<String> match = params.all("match[]");
          long start = start(params);
          if (match.isEmpty()) {
            return store.labelNames();
          }
          Set<String> names = new TreeSet<>();
          for (SeriesKey series : matched(start, match)) {
            names.add(LabelMatcher.METRIC_NAME);
            names.addAll(series.labels().keySet());
          }
          return List.copyOf(names);
        });
  }

  private Response labelValues(String name, PromParams params) {
    return PromResponses.answer(
        () -> {
          if (!LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid label name: \"" + name + "\"");
          }
          List<String> match = params.all("match[]");
          long start = start(params);
          if (match.isEmpty()) {
            return store.labelValues(name);
          }
          Set<String> values = new TreeSet<>();
          for (SeriesKey series : matched(start, match)) {
            String value =
                name.equals(LabelMatcher.METRIC_NAME) ? series.metric() : series.label(name);
            if (value != null) {
              values.add(value);
            }
          }
          return List.copyOf(values);
        });
  }

  /**
   * The {@code start} time, {@link Long#MIN_VALUE} when absent, after checking both times and that
   * {@code end} is not before {@code start} (Prometheus 2.42 answers an empty list then).
   */
  private static long start(PromParams params) {
    long start = params.time("start", Long.MIN_VALUE);
    long end = params.time("end", Long.MAX_VALUE);
    if (end < start) {
      throw new PromParams.BadParameterException(
          "end", "end timestamp must not be before start time");
    }
    return start;
  }

  /** The distinct series matching any selector and having a sample at or after {@code start}. */
  private Set<SeriesKey> matched(long start, List<String> match) {
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    for (String m : match) {
      try {
        selectors.add(Parser.parseSelector(m).matchers());
      } catch (PromQlParseException e) {
        throw new PromParams.BadParameterException("match[]", e.getMessage());
      }
    }
    Set<SeriesKey> out = new HashSet<>();
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
        if (start == Long.MIN_VALUE || newestAtOrAfter(series, start)) {
          out.add(series);
        }
      }
    }
    return out;
  }

  private boolean newestAtOrAfter(SeriesKey series, long start) {
    List<Sample> newest = store.lastSamples(series, 1);
    return !newest.isEmpty() && newest.get(0).timestampMillis() >= start;
  }

  private static List<LabelSet> labelSets(Set<SeriesKey> series) {
    List<LabelSet> out = new ArrayList<>(series.size());
    for (SeriesKey s : series) {
      out.add(LabelSet.of(s));
    }
    return out;
  }
}
