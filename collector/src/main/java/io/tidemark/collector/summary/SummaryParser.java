package io.tidemark.collector.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidemark.collector.scrape.SampleSink;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Series keys: the parser keeps, per node, the keys of the series its last payload had, so a
 * steady node's samples are named without building a name, a label set or a key; the store then
 * finds the key it already holds by identity. Pods absent from a payload are forgotten after it;
 * {@link #forget} drops a node that is no longer scraped.
 *
 * <p>Thread safety: safe for concurrent use. Parses of different nodes run in parallel; parses of
 * one node take turns.
 */
public final class SummaryParser {

  private final JsonFactory factory = new JsonFactory();
  private final Map<String, NodeSeries> nodes = new ConcurrentHashMap<>();

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
    NodeSeries series = nodes.computeIfAbsent(node, NodeSeries::new);
    synchronized (series) {
      series.begin();
      try (JsonParser parser = factory.createParser(payload)) {
        SummaryReader reader = new SummaryReader(parser, series, sink);
        reader.root();
        return reader.count;
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
            at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        // Jackson names the start of an unclosed object with its own source description: keep
        // only the position.
        String message =
            String.valueOf(e.getOriginalMessage())
                .replaceAll(
                    "\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        throw new SummaryParseException("malformed /stats/summary" + where + ": " + message, e);
      } catch (IOException e) {
        throw new SummaryParseException("cannot read /stats/summary: " + e.getMessage(), e);
      } finally {
        series.end();
      }
    }
  }

  /** Drops what is kept of {@code node}, a node no longer scraped. */
  public void forget(String node) {
    nodes.remove(node);
  }

  /** How many pods are kept for {@code node}: those of its last payload. */
  int podsKept(String node) {
    NodeSeries series = nodes.get(node);
    if (series == null) {
      return 0;
    }
    synchronized (series) {
      return series.pods();
    }
  }
}
