package io.tidemark.query.promql;

import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Expr.Binary;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Expr.Negation;
import io.tidemark.query.promql.Expr.Paren;
import io.tidemark.query.promql.Expr.VectorSelector;
import io.tidemark.query.promql.SeriesSource.Samples;
import io.tidemark.query.promql.SeriesSource.SelectHints;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rollup.Bucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one query: its time span, its limits and clock, and the samples of every selector,
 * loaded once before evaluation starts. Confined to the thread running the query.
 *
 * <p>Design note. Every selector is read once, for the whole span the query needs ({@code [start -
 * offset - range, end - offset]}, with the 5-minute lookback as the range of an instant selector),
 * into primitive arrays; each step of a range query then finds its window by binary search. That
 * keeps evaluation a plain instant evaluation repeated per step, and memory bounded by the samples
 * limit.
 *
 * <p>Rollups are chosen in {@link #load}: when the source has tiers, {@link TierChoice} decides per
 * selector from the step, the range, the offset and the function whether the selector's windows are
 * answered from rollup buckets ({@link Rolled}, evaluated by {@link BucketFunctions}) instead of
 * raw samples. A selector read from buckets holds one bucket per tier step instead of every sample,
 * and counts its buckets against {@code maxSamples}.
 */
final class Evaluation {

  /** How far back an instant selector looks for a sample: Prometheus' default lookback delta. */
  static final long LOOKBACK_MILLIS = 5 * 60_000L;

  /** Prometheus' staleness marker, a NaN with this bit pattern: the series ended. */
  static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /**
   * The samples of one selected series.
   *
   * @param labels its labels, {@code __name__} included
   * @param timestamps oldest first
   * @param values one per timestamp
   */
  record Loaded(LabelSet labels, long[] timestamps, double[] values) {}

  /**
   * The rollup buckets of one selected series.
   *
   * @param labels its labels, {@code __name__} included
   * @param tier the tier they come from
   * @param starts each bucket's start, oldest first
   * @param buckets one per start
   */
  record Rolled(LabelSet labels, Resolution tier, long[] starts, Bucket[] buckets) {}

  private final SeriesSource source;
  private final QueryLimits limits;
  private final long start;
  private final long end;
  private final long step;
  private final long deadlineNanos;
  private final String timeoutDescription;
  private final Map<VectorSelector, List<Loaded>> data = new IdentityHashMap<>();
  private final Map<VectorSelector, List<Rolled>> rolled = new IdentityHashMap<>();
  private long samples;
  private int ticks;

  Evaluation(
      SeriesSource source, QueryLimits limits, long start, long end, long step, Duration timeout) {
    this.source = source;
    this.limits = limits;
    this.start = start;
    this.end = end;
    this.step = step;
    boolean byLimit = timeout == null || timeout.compareTo(limits.maxQueryTime()) >= 0;
    Duration effective = byLimit ? limits.maxQueryTime() : timeout;
    this.timeoutDescription =
        (byLimit ? "limit maxQueryTime " : "timeout ") + Durations.format(effective.toMillis());
    this.deadlineNanos = System.nanoTime() + Math.max(1, effective.toNanos());
  }

  QueryLimits limits() {
    return limits;
  }

  /** Loads the samples of every selector in {@code root}. */
  void prepare(Expr root) {
    walk(root);
  }

  private void walk(Expr e) {
    if (e instanceof VectorSelector vs) {
      load(vs, 0, null);
    } else if (e instanceof MatrixSelector ms) {
      load(ms.selector(), ms.rangeMillis(), null);
    } else if (e instanceof Call call) {
      for (Expr arg : call.args()) {
        if (unwrap(arg) instanceof MatrixSelector ms) {
          load(ms.selector(), ms.rangeMillis(), call.function());
        } else {
          walk(arg);
        }
      }
    } else if (e instanceof Aggregate a) {
      if (a.param() != null) {
        walk(a.param());
      }
      walk(a.expr());
    } else if (e instanceof Binary b) {
      walk(b.lhs());
      walk(b.rhs());
    } else if (e instanceof Negation n) {
      walk(n.expr());
    } else if (e instanceof Paren p) {
      walk(p.expr());
    }
  }

  static Expr unwrap(Expr e) {
    Expr inner = e;
    while (inner instanceof Paren p) {
      inner = p.expr();
    }
    return inner;
  }

  private void load(VectorSelector vs, long range, PromFunction function) {
    // Prometheus 2.42: an instant selector takes the newest sample in [t - 5m, t], a range
    // selector the samples in [t - range, t], both closed; one read covers every step.
    long window = range > 0 ? range : LOOKBACK_MILLIS;
    long from;
    long to;
    try {
      from = Math.subtractExact(Math.subtractExact(start, vs.offsetMillis()), window);
      to = Math.subtractExact(end, vs.offsetMillis());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the query's time range is out of bounds", e);
    }
    SelectHints hints =
        new SelectHints(from, to, step, range, function == null ? null : function.functionName());
    List<SeriesKey> keys = source.select(vs.matchers(), hints);
    if (keys.size() > limits.maxSeriesPerSelector()) {
      throw new QueryLimitException(
          "maxSeriesPerSelector",
          "the selector "
              + vs.withOffset(0)
              + " matches "
              + keys.size()
              + " series, more than "
              + limits.maxSeriesPerSelector());
    }
    List<LabelSet> labels = new ArrayList<>(keys.size());
    List<Integer> order = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      labels.add(LabelSet.of(keys.get(i)));
      order.add(i);
    }
    order.sort(Comparator.comparing(labels::get));
    Resolution tier =
        TierChoice.choose(source, keys, function, range, vs.offsetMillis(), start, step, from);
    if (tier != null) {
      long first =
          range > 0 || from < Long.MIN_VALUE + tier.stepMillis() ? from : from - tier.stepMillis();
      loadBuckets(vs, tier, keys, labels, order, first, to);
      return;
    }
    List<Loaded> loaded = new ArrayList<>(keys.size());
    for (int i : order) {
      checkDeadline();
      Samples s = source.samples(keys.get(i), from - 1, to);
      Loaded series = trim(labels.get(i), s, range > 0);
      addSamples(series.timestamps().length);
      if (series.timestamps().length > 0) {
        loaded.add(series);
      }
    }
    data.put(vs, loaded);
  }

  /**
   * Reads the buckets of {@code tier} starting in {@code [from, to]}: what the windows of the
   * selector need (for an instant selector, {@code from} is a step earlier than its span, so that
   * the last sample before the span is there).
   */
  private void loadBuckets(
      VectorSelector vs,
      Resolution tier,
      List<SeriesKey> keys,
      List<LabelSet> labels,
      List<Integer> order,
      long from,
      long to) {
    List<Rolled> out = new ArrayList<>(keys.size());
    for (int i : order) {
      checkDeadline();
      List<Bucket> buckets = source.buckets(keys.get(i), tier.name(), from, to);
      addSamples(buckets.size());
      if (buckets.isEmpty()) {
        continue;
      }
      long[] starts = new long[buckets.size()];
      for (int j = 0; j < starts.length; j++) {
        starts[j] = buckets.get(j).start();
      }
      out.add(new Rolled(labels.get(i), tier, starts, buckets.toArray(new Bucket[0])));
    }
    rolled.put(vs, out);
  }

  /** The buckets of a selector answered from a rollup tier, or {@code null} for raw samples. */
  List<Rolled> rolled(VectorSelector vs) {
    return rolled.get(vs);
  }

  /** Exact-size arrays; range selectors never see staleness markers (Prometheus drops them). */
  private static Loaded trim(LabelSet labels, Samples s, boolean dropStale) {
    int n = 0;
    long[] ts = new long[s.size()];
    double[] vs = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      double v = s.values()[i];
      if (dropStale && isStale(v)) {
        continue;
      }
      ts[n] = s.timestamps()[i];
      vs[n++] = v;
    }
    if (n < ts.length) {
      ts = java.util.Arrays.copyOf(ts, n);
      vs = java.util.Arrays.copyOf(vs, n);
    }
    return new Loaded(labels, ts, vs);
  }

  static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }

  /** The loaded series of a selector of the prepared expression. */
  List<Loaded> data(VectorSelector vs) {
    List<Loaded> loaded = data.get(vs);
    if (loaded == null) {
      throw new IllegalStateException("selector not prepared: " + vs);
    }
    return loaded;
  }

  /** Counts samples held by the query: read from the store, or points of a range result. */
  void addSamples(long count) {
    samples += count;
    if (samples > limits.maxSamples()) {
      throw new QueryLimitException(
          "maxSamples",
          "query processing would load too many samples into memory: more than "
              + limits.maxSamples());
    }
  }

  /** Checks the deadline every few hundred calls; cheap enough for inner loops. */
  void tick() {
    if ((++ticks & 255) == 0) {
      checkDeadline();
    }
  }

  /** Fails when the query has run out of time. */
  void checkDeadline() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryTimeoutException(
          "query timed out in expression evaluation (" + timeoutDescription + ")");
    }
  }
}
