package io.tidemark.collector.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.collector.scrape.SampleSink;
import io.tidemark.storage.SeriesKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a {@code /stats/summary} payload ({@code stats/v1alpha1}) into samples.
 *
 * <p>It reads the node's and every pod's and container's CPU counter and working-set memory, named
 * as the kubelet's {@code /metrics/resource} names them ({@code node_cpu_usage_seconds_total},
 * {@code container_memory_working_set_bytes}, ...), labelled {@code node} (the target's name),
 * {@code namespace}, {@code pod} and {@code container}. Each sample's time is the {@code time} of
 * the object it came from; a figure without a time, or {@code null}, is skipped. Unknown fields are
 * skipped; a missing object is simply absent.
 *
 * <p>No tree model: one pass over the tokens; a container's figures wait only until its name is
 * known.
 *
 * <p>Thread safety: instances are immutable and may be shared.
 */
public final class SummaryParser {

  /** The series names written by this parser. */
  public static final String NODE_CPU = "node_cpu_usage_seconds_total";

  /** Working-set memory of the node. */
  public static final String NODE_MEMORY = "node_memory_working_set_bytes";

  /** Cumulative CPU of a pod. */
  public static final String POD_CPU = "pod_cpu_usage_seconds_total";

  /** Working-set memory of a pod. */
  public static final String POD_MEMORY = "pod_memory_working_set_bytes";

  /** Cumulative CPU of a container. */
  public static final String CONTAINER_CPU = "container_cpu_usage_seconds_total";

  /** Working-set memory of a container. */
  public static final String CONTAINER_MEMORY = "container_memory_working_set_bytes";

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
      throw new SummaryParseException(
          "malformed /stats/summary" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SummaryParseException("cannot read /stats/summary: " + e.getMessage(), e);
    }
  }

  /** A CPU or memory figure and the time it was taken. */
  private static final class Figure {
    long timeMillis = Long.MIN_VALUE;
    double value = Double.NaN;

    boolean present() {
      return timeMillis != Long.MIN_VALUE && !Double.isNaN(value);
    }
  }

  private static final class ContainerFigures {
    String name;
    final Figure cpu = new Figure();
    final Figure memory = new Figure();
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
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
              pod();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    }

    private void nodeObject() throws IOException {
      Figure cpu = new Figure();
      Figure memory = new Figure();
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("cpu") && value == JsonToken.START_OBJECT) {
          figure(cpu, "usageCoreNanoSeconds");
        } else if (field.equals("memory") && value == JsonToken.START_OBJECT) {
          figure(memory, "workingSetBytes");
        } else {
          parser.skipChildren();
        }
      }
      emit(SeriesKey.of(NODE_CPU, "node", node), cpu, 1e9);
      emit(SeriesKey.of(NODE_MEMORY, "node", node), memory, 1);
    }

    private void pod() throws IOException {
      String name = null;
      String namespace = null;
      Figure cpu = new Figure();
      Figure memory = new Figure();
      List<ContainerFigures> containers = new ArrayList<>(2);
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("podRef") && value == JsonToken.START_OBJECT) {
          while (nextField()) {
            String refField = parser.currentName();
            parser.nextToken();
            if (refField.equals("name")) {
              name = stringValue();
            } else if (refField.equals("namespace")) {
              namespace = stringValue();
            } else {
              parser.skipChildren();
            }
          }
        } else if (field.equals("containers") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
              containers.add(container());
            } else {
              parser.skipChildren();
            }
          }
        } else if (field.equals("cpu") && value == JsonToken.START_OBJECT) {
          figure(cpu, "usageCoreNanoSeconds");
        } else if (field.equals("memory") && value == JsonToken.START_OBJECT) {
          figure(memory, "workingSetBytes");
        } else {
          parser.skipChildren();
        }
      }
      if (name == null || namespace == null) {
        return; // a pod without a reference cannot be labelled; nothing of it is stored
      }
      emit(SeriesKey.of(POD_CPU, "node", node, "namespace", namespace, "pod", name), cpu, 1e9);
      emit(SeriesKey.of(POD_MEMORY, "node", node, "namespace", namespace, "pod", name), memory, 1);
      for (ContainerFigures c : containers) {
        if (c.name == null) {
          continue;
        }
        emit(
            SeriesKey.of(
                CONTAINER_CPU,
                "node",
                node,
                "namespace",
                namespace,
                "pod",
                name,
                "container",
                c.name),
            c.cpu,
            1e9);
        emit(
            SeriesKey.of(
                CONTAINER_MEMORY,
                "node",
                node,
                "namespace",
                namespace,
                "pod",
                name,
                "container",
                c.name),
            c.memory,
            1);
      }
    }

    private ContainerFigures container() throws IOException {
      ContainerFigures c = new ContainerFigures();
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("name")) {
          c.name = stringValue();
        } else if (field.equals("cpu") && value == JsonToken.START_OBJECT) {
          figure(c.cpu, "usageCoreNanoSeconds");
        } else if (field.equals("memory") && value == JsonToken.START_OBJECT) {
          figure(c.memory, "workingSetBytes");
        } else {
          parser.skipChildren();
        }
      }
      return c;
    }

    /** Reads one stats object, keeping its {@code time} and the numeric field {@code wanted}. */
    private void figure(Figure into, String wanted) throws IOException {
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("time") && value == JsonToken.VALUE_STRING) {
          try {
            into.timeMillis = Rfc3339.parseMillis(parser.getText());
          } catch (IllegalArgumentException e) {
            throw shapeError(e.getMessage());
          }
        } else if (field.equals(wanted) && value.isNumeric()) {
          into.value = parser.getDoubleValue();
        } else {
          parser.skipChildren();
        }
      }
    }

    /** Sends a figure divided by {@code divisor}: division keeps 62148052000 / 1e9 exact. */
    private void emit(SeriesKey series, Figure figure, double divisor) {
      if (figure.present()) {
        sink.accept(series, figure.timeMillis, figure.value / divisor);
        count++;
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
      return new com.fasterxml.jackson.core.JsonParseException(parser, message);
    }
  }
}
