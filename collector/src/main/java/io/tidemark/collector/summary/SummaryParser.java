package io.tidemark.collector.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.collector.scrape.SampleSink;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a {@code /stats/summary} payload ({@code stats/v1alpha1}) into samples: every numeric
 * field of the node, its system containers, pods, containers, volumes, ephemeral storage, process
 * stats, network interfaces, runtime file systems, rlimit, swap, {@code io} and pressure ({@code
 * psi}).
 *
 * <p>Names: where the kubelet's {@code /metrics/resource} or cAdvisor already names a quantity, the
 * series carries that name and unit ({@code container_cpu_usage_seconds_total}, {@code
 * container_memory_working_set_bytes}, {@code container_fs_usage_bytes}, {@code
 * container_pressure_cpu_waiting_seconds_total}, ...); every other field is named in the same style
 * for its scope ({@code node_}, {@code node_system_container_}, {@code pod_}, {@code container_}).
 * {@code docs/metrics.md} lists them all, with their source fields.
 *
 * <p>Labels: {@code node} (the target's name) always; {@code namespace} and {@code pod} for pods
 * and containers; {@code container}; {@code system_container}; {@code interface} for network
 * figures; {@code volume} for pod volumes; {@code fs} for the node's file systems ({@code root},
 * {@code image}, {@code container}); {@code make}, {@code model}, {@code accelerator} for
 * accelerators.
 *
 * <p>Time: each sample takes the {@code time} of the object it belongs to (the kubelet's own stats
 * time). Figures of an object without a time ({@code process_stats}, start times, network
 * interfaces) take the time of their owner's CPU stats, else its memory stats, else the newest time
 * seen in the owner; an owner without any time yields nothing. {@code null} figures are skipped,
 * unknown fields ignored, missing objects simply absent.
 *
 * <p>Errors: malformed or truncated JSON, a non-object where an object belongs, or a timestamp that
 * is not RFC 3339 fail the whole payload with the line and column.
 *
 * <p>Thread safety: instances are immutable and may be shared.
 */
public final class SummaryParser {

  private final JsonFactory factory = new JsonFactory();

  /**
   * Parses {@code payload}, sending every sample to {@code sink}.
   *
   * @param node the node name every series is labelled with
   * @return the number of samples sent
   * @throws SummaryParseException when the payload is not valid JSON of the expected shape; the
   *     message says where (line and column) and what was wrong. Samples already sent before the
   *     error stay sent: callers that want all or nothing buffer them.
   */
  public int parse(byte[] payload, String node, SampleSink sink) throws SummaryParseException {
    Reader reader = new Reader(node, sink);
    try (JsonParser parser = factory.createParser(payload)) {
      reader.parser = parser;
      reader.root();
      if (parser.nextToken() != null) {
        throw reader.shapeError("unexpected content after the top-level object");
      }
      return reader.count;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // Jackson names the start of an unclosed object with its own source description: keep only
      // the position.
      String message =
          String.valueOf(e.getOriginalMessage())
              .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
      throw new SummaryParseException("malformed /stats/summary" + where + ": " + message, e);
    } catch (IOException e) {
      throw new SummaryParseException("cannot read /stats/summary: " + e.getMessage(), e);
    }
  }

  private static final long NO_TIME = Long.MIN_VALUE;

  private static final String[] NO_LABELS = {};

  /** A figure waiting for its owner's labels (and, without its own time, its owner's time). */
  private static final class Pending {
    final String metric;
    final String[] extraLabels;
    final double value;
    long time;

    Pending(String metric, String[] extraLabels, double value, long time) {
      this.metric = metric;
      this.extraLabels = extraLabels;
      this.value = value;
      this.time = time;
    }
  }

  private static final Names.Scope NODE = new Names.Scope("node");
  private static final Names.Scope SYSTEM_CONTAINER = new Names.Scope("node_system_container");
  private static final Names.Scope POD = new Names.Scope("pod");
  private static final Names.Scope CONTAINER = new Names.Scope("container");

  /** A node, system container, pod or container: the figures found inside it so far. */
  private static final class Owner {
    final Names.Scope scope;
    final List<Pending> pending = new ArrayList<>(48);
    String name;
    long cpuTime = NO_TIME;
    long memoryTime = NO_TIME;
    long newestTime = NO_TIME;

    Owner(Names.Scope scope) {
      this.scope = scope;
    }

    void add(String suffix, double value, long time) {
      add(suffix, value, time, NO_LABELS);
    }

    void add(String suffix, double value, long time, String[] extraLabels) {
      pending.add(new Pending(scope.name(suffix), extraLabels, value, time));
      if (time != NO_TIME && time > newestTime) {
        newestTime = time;
      }
    }

    long fallbackTime() {
      return cpuTime != NO_TIME ? cpuTime : memoryTime != NO_TIME ? memoryTime : newestTime;
    }
  }

  /** The state of one parse. */
  private static final class Reader {
    private final String node;
    private final SampleSink sink;
    JsonParser parser;
    int count;

    Reader(String node, SampleSink sink) {
      this.node = node;
      this.sink = sink;
    }

    void root() throws IOException {
      expectObjectStart("the top level");
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("node") && value == JsonToken.START_OBJECT) {
          nodeObject();
        } else if (field.equals("pods") && value == JsonToken.START_ARRAY) {
          eachObject(this::pod);
        } else {
          parser.skipChildren();
        }
      }
    }

    // ---- owners ---------------------------------------------------------------------------

    private void nodeObject() throws IOException {
      Owner owner = new Owner(NODE);
      List<Owner> systemContainers = new ArrayList<>();
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_ARRAY && field.equals("systemContainers")) {
          eachObject(
              () -> {
                Owner system = new Owner(SYSTEM_CONTAINER);
                containerFields(system);
                systemContainers.add(system);
              });
        } else if (value == JsonToken.START_OBJECT) {
          switch (field) {
            case "fs" -> fs(owner, "fs", "fs", "root");
            case "runtime" -> runtime(owner);
            case "rlimit" -> rlimit(owner);
            default -> {
              if (!commonStats(owner, field)) {
                parser.skipChildren();
              }
            }
          }
        } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
          owner.add("start_time_seconds", time() / 1000.0, NO_TIME);
        } else {
          parser.skipChildren();
        }
      }
      Labels labels = Labels.builder(1).put("node", node).build();
      emit(owner, labels);
      for (Owner system : systemContainers) {
        if (system.name != null) {
          emit(system, labels.with("system_container", system.name));
        }
      }
    }

    private void pod() throws IOException {
      Owner owner = new Owner(POD);
      String namespace = null;
      List<Owner> containers = new ArrayList<>(2);
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT) {
          switch (field) {
            case "podRef" -> {
              while (nextField()) {
                String refField = parser.currentName();
                parser.nextToken();
                if (refField.equals("name")) {
                  owner.name = stringValue();
                } else if (refField.equals("namespace")) {
                  namespace = stringValue();
                } else {
                  parser.skipChildren();
                }
              }
            }
            case "ephemeral-storage" -> fs(owner, "ephemeral_storage", null, null);
            case "process_stats" -> numbers(owner, "process_stats");
            default -> {
              if (!commonStats(owner, field)) {
                parser.skipChildren();
              }
            }
          }
        } else if (value == JsonToken.START_ARRAY && field.equals("containers")) {
          eachObject(
              () -> {
                Owner container = new Owner(CONTAINER);
                containerFields(container);
                containers.add(container);
              });
        } else if (value == JsonToken.START_ARRAY && field.equals("volume")) {
          eachObject(() -> volume(owner));
        } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
          owner.add("start_time_seconds", time() / 1000.0, NO_TIME);
        } else {
          parser.skipChildren();
        }
      }
      if (owner.name == null || namespace == null) {
        return; // a pod without a reference cannot be labelled; nothing of it is stored
      }
      Labels labels =
          Labels.builder(3)
              .put("node", node)
              .put("namespace", namespace)
              .put("pod", owner.name)
              .build();
      emit(owner, labels);
      for (Owner container : containers) {
        if (container.name != null) {
          emit(container, labels.with("container", container.name));
        }
      }
    }

    /** The fields of a container or a system container. */
    private void containerFields(Owner owner) throws IOException {
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("name") && value == JsonToken.VALUE_STRING) {
          owner.name = parser.getText();
        } else if (field.equals("startTime") && value == JsonToken.VALUE_STRING) {
          owner.add("start_time_seconds", time() / 1000.0, NO_TIME);
        } else if (value == JsonToken.START_OBJECT && field.equals("rootfs")) {
          fs(owner, "fs", null, null);
        } else if (value == JsonToken.START_OBJECT && field.equals("logs")) {
          fs(owner, "logs", null, null);
        } else if (value == JsonToken.START_ARRAY && field.equals("accelerators")) {
          eachObject(() -> accelerator(owner));
        } else if (value != JsonToken.START_OBJECT || !commonStats(owner, field)) {
          parser.skipChildren();
        }
      }
    }

    /** cpu, memory, io, network and swap, which every owner may have; false for other fields. */
    private boolean commonStats(Owner owner, String field) throws IOException {
      switch (field) {
        case "cpu" -> owner.cpuTime = numbers(owner, "cpu");
        case "memory" -> owner.memoryTime = numbers(owner, "memory");
        case "io" -> numbers(owner, "io");
        case "swap" -> numbers(owner, "swap");
        case "network" -> network(owner);
        default -> {
          return false;
        }
      }
      return true;
    }

    // ---- stats objects --------------------------------------------------------------------

    /**
     * Reads a flat stats object ({@code cpu}, {@code memory}, {@code io}, {@code swap}, {@code
     * process_stats}) with its {@code psi}; returns its time.
     */
    private long numbers(Owner owner, String kind) throws IOException {
      long time = NO_TIME;
      int first = owner.pending.size();
      List<double[]> psi = null;
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          time = time();
        } else if (field.equals("psi") && value == JsonToken.START_OBJECT) {
          psi = psi();
        } else if (value.isNumeric()) {
          String suffix = Names.flat(kind, field);
          if (suffix != null) {
            owner.add(suffix, parser.getDoubleValue() / Names.divisor(kind, field), NO_TIME);
          }
        } else {
          parser.skipChildren();
        }
      }
      if (psi != null) {
        String resource = kind.equals("cpu") ? "cpu" : kind.equals("memory") ? "memory" : "io";
        addPsi(owner, resource, psi);
      }
      if (!kind.equals("process_stats")) {
        stamp(owner, first, time); // process_stats carries no time: its owner's is used
      }
      return time;
    }

    /** {@code psi}: the {@code total} of {@code some} and of {@code full}. */
    private List<double[]> psi() throws IOException {
      List<double[]> out = new ArrayList<>(2);
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        boolean some = field.equals("some");
        if (value == JsonToken.START_OBJECT && (some || field.equals("full"))) {
          double[] figures = {some ? 1 : 0, Double.NaN};
          while (nextField()) {
            String name = parser.currentName();
            JsonToken number = parser.nextToken();
            if (name.equals("total") && number.isNumeric()) {
              figures[1] = parser.getDoubleValue();
            } else {
              parser.skipChildren();
            }
          }
          out.add(figures);
        } else {
          parser.skipChildren();
        }
      }
      return out;
    }

    private void addPsi(Owner owner, String resource, List<double[]> psi) {
      for (double[] f : psi) {
        String kind = "pressure_" + resource + (f[0] == 1 ? "_waiting" : "_stalled");
        // Totals are microseconds stalled. The avg10/60/300 fields are the kernel's moving
        // averages of those totals: rate() over the stored total gives them, so they are not
        // stored (they would triple the pressure series of every pod and container).
        addIfPresent(owner, kind + "_seconds_total", f[1] / 1e6);
      }
    }

    private static void addIfPresent(Owner owner, String suffix, double value) {
      if (!Double.isNaN(value)) {
        owner.add(suffix, value, NO_TIME);
      }
    }

    /** {@code network}: the interfaces, or the default one where no list is given. */
    private void network(Owner owner) throws IOException {
      long time = NO_TIME;
      int first = owner.pending.size();
      String defaultName = null;
      double[] defaults = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
      boolean listed = false;
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          time = time();
        } else if (field.equals("name") && value == JsonToken.VALUE_STRING) {
          defaultName = parser.getText();
        } else if (field.equals("interfaces") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
              listed = true;
              String name = null;
              double[] figures = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
              while (nextField()) {
                String f = parser.currentName();
                JsonToken v = parser.nextToken();
                if (f.equals("name") && v == JsonToken.VALUE_STRING) {
                  name = parser.getText();
                } else {
                  interfaceFigure(f, v, figures);
                }
              }
              addInterface(owner, name, figures);
            } else {
              parser.skipChildren();
            }
          }
        } else {
          interfaceFigure(field, value, defaults);
        }
      }
      if (!listed) {
        addInterface(owner, defaultName, defaults);
      }
      stamp(owner, first, time);
    }

    private void interfaceFigure(String field, JsonToken value, double[] figures)
        throws IOException {
      int index =
          switch (field) {
            case "rxBytes" -> 0;
            case "rxErrors" -> 1;
            case "txBytes" -> 2;
            case "txErrors" -> 3;
            default -> -1;
          };
      if (index >= 0 && value.isNumeric()) {
        figures[index] = parser.getDoubleValue();
      } else {
        parser.skipChildren();
      }
    }

    private static void addInterface(Owner owner, String name, double[] figures) {
      if (name == null) {
        return;
      }
      String[] label = {"interface", name};
      String[] suffixes = {
        "network_receive_bytes_total",
        "network_receive_errors_total",
        "network_transmit_bytes_total",
        "network_transmit_errors_total"
      };
      for (int i = 0; i < 4; i++) {
        if (!Double.isNaN(figures[i])) {
          owner.add(suffixes[i], figures[i], NO_TIME, label);
        }
      }
    }

    /** A file-system object: bytes and inodes, under {@code prefix}, with an optional label. */
    private void fs(Owner owner, String prefix, String label, String labelValue)
        throws IOException {
      long time = NO_TIME;
      int first = owner.pending.size();
      String[] extra = label == null ? NO_LABELS : new String[] {label, labelValue};
      boolean container = owner.scope == CONTAINER && prefix.equals("fs");
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          time = time();
        } else if (value.isNumeric()) {
          String suffix = Names.fs(field, container);
          if (suffix != null) {
            owner.add(prefix + "_" + suffix, parser.getDoubleValue(), NO_TIME, extra);
          }
        } else {
          parser.skipChildren();
        }
      }
      stamp(owner, first, time);
    }

    private void runtime(Owner owner) throws IOException {
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT && field.equals("imageFs")) {
          fs(owner, "fs", "fs", "image");
        } else if (value == JsonToken.START_OBJECT && field.equals("containerFs")) {
          fs(owner, "fs", "fs", "container");
        } else {
          parser.skipChildren();
        }
      }
    }

    private void rlimit(Owner owner) throws IOException {
      long time = NO_TIME;
      int first = owner.pending.size();
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          time = time();
        } else if (field.equals("maxpid") && value.isNumeric()) {
          owner.add("rlimit_max_pids", parser.getDoubleValue(), NO_TIME);
        } else if (field.equals("curproc") && value.isNumeric()) {
          owner.add("processes", parser.getDoubleValue(), NO_TIME);
        } else {
          parser.skipChildren();
        }
      }
      stamp(owner, first, time);
    }

    private void volume(Owner owner) throws IOException {
      long time = NO_TIME;
      String name = null;
      List<String> suffixes = new ArrayList<>(6);
      List<Double> values = new ArrayList<>(6);
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          time = time();
        } else if (field.equals("name") && value == JsonToken.VALUE_STRING) {
          name = parser.getText();
        } else if (value.isNumeric() && Names.fs(field, false) != null) {
          suffixes.add("volume_" + Names.fs(field, false));
          values.add(parser.getDoubleValue());
        } else {
          parser.skipChildren();
        }
      }
      if (name != null && time != NO_TIME) {
        String[] label = {"volume", name};
        for (int i = 0; i < suffixes.size(); i++) {
          owner.add(suffixes.get(i), values.get(i), time, label);
        }
      }
    }

    private void accelerator(Owner owner) throws IOException {
      String make = "";
      String model = "";
      String id = "";
      List<String> suffixes = new ArrayList<>(3);
      List<Double> values = new ArrayList<>(3);
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          switch (field) {
            case "make" -> make = parser.getText();
            case "model" -> model = parser.getText();
            case "id" -> id = parser.getText();
            default -> {}
          }
        } else if (value.isNumeric()) {
          String suffix =
              switch (field) {
                case "memoryTotal" -> "accelerator_memory_total_bytes";
                case "memoryUsed" -> "accelerator_memory_used_bytes";
                case "dutyCycle" -> "accelerator_duty_cycle";
                default -> null;
              };
          if (suffix != null) {
            suffixes.add(suffix);
            values.add(parser.getDoubleValue());
          }
        } else {
          parser.skipChildren();
        }
      }
      String[] labels = {"make", make, "model", model, "accelerator", id};
      for (int i = 0; i < suffixes.size(); i++) {
        owner.add(suffixes.get(i), values.get(i), NO_TIME, labels);
      }
    }

    /**
     * Gives the figures added since {@code first} the time of the object they came from; an object
     * that should carry a time but does not loses its figures.
     */
    private static void stamp(Owner owner, int first, long time) {
      if (time == NO_TIME) {
        owner.pending.subList(first, owner.pending.size()).clear();
        return;
      }
      for (int i = first; i < owner.pending.size(); i++) {
        Pending p = owner.pending.get(i);
        if (p.time == NO_TIME) {
          p.time = time;
        }
      }
      if (time > owner.newestTime) {
        owner.newestTime = time;
      }
    }

    private void emit(Owner owner, Labels labels) {
      long fallback = owner.fallbackTime();
      // Figures of one object share one extra-label array: their label set is built once.
      String[] lastExtra = null;
      Labels lastLabels = labels;
      for (Pending p : owner.pending) {
        long time = p.time != NO_TIME ? p.time : fallback;
        if (time == NO_TIME) {
          continue;
        }
        Labels all = labels;
        String[] extra = p.extraLabels;
        if (extra.length > 0) {
          if (extra != lastExtra) {
            lastLabels = labels;
            for (int i = 0; i < extra.length; i += 2) {
              lastLabels = lastLabels.with(extra[i], extra[i + 1]);
            }
            lastExtra = extra;
          }
          all = lastLabels;
        }
        sink.accept(new SeriesKey(p.metric, all), time, p.value);
        count++;
      }
    }

    // ---- tokens ---------------------------------------------------------------------------

    /** A step that reads from the parser. */
    @FunctionalInterface
    private interface Step {
      void run() throws IOException;
    }

    /** Runs {@code step} on every object of the current array; other elements are skipped. */
    private void eachObject(Step step) throws IOException {
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
          step.run();
        } else if (parser.currentToken() == null) {
          throw shapeError("unexpected end of input");
        } else {
          parser.skipChildren();
        }
      }
    }

    private long time() throws IOException {
      try {
        return Rfc3339.parseMillis(
            parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      } catch (IllegalArgumentException e) {
        throw shapeError(e.getMessage());
      }
    }

    /** Advances to the next field of the current object; false at its end. */
    private boolean nextField() throws IOException {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.FIELD_NAME) {
        return true;
      }
      if (token == JsonToken.END_OBJECT) {
        return false;
      }
      if (token == null) {
        throw shapeError("unexpected end of input");
      }
      throw shapeError("expected a field name, found " + token);
    }

    private String stringValue() throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      parser.skipChildren();
      return null;
    }

    private void expectObjectStart(String what) throws IOException {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw shapeError(
            "expected a JSON object at " + what + ", found " + (token == null ? "nothing" : token));
      }
    }

    JsonProcessingException shapeError(String message) {
      return new JsonParseException(parser, message);
    }
  }
}
