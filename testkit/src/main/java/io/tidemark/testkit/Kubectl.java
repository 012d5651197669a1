package io.tidemark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the kubectl found on {@code PATH} against one server, with a kubeconfig of its own.
 *
 * <p>Each run gets a fresh {@code HOME}, so kubectl's discovery and HTTP caches (and the gcloud
 * dispatcher's cached {@code /version}) never carry over from one run, or one machine user, to the
 * next: every run asks the server everything it would ask a cluster it has never seen.
 */
public final class Kubectl {

  /**
   * What a run printed.
   *
   * @param exitCode the process' exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {

    /** The non-empty lines of standard output, split on runs of blanks. */
    public List<List<String>> rows() {
      List<List<String>> rows = new ArrayList<>();
      for (String line : stdout.split("\n")) {
        if (!line.isBlank()) {
          rows.add(List.of(line.trim().split("\\s+")));
        }
      }
      return rows;
    }
  }

  private final Path binary;
  private final Path dir;
  private final Path kubeconfig;
  private final AtomicInteger runs = new AtomicInteger();

  private Kubectl(Path binary, Path dir, Path kubeconfig) {
    this.binary = binary;
    this.dir = dir;
    this.kubeconfig = kubeconfig;
  }

  /** The first executable {@code kubectl} on {@code PATH}, if any. */
  public static Optional<Path> onPath() {
    return Binaries.onPath("kubectl");
  }

  /**
   * A kubectl talking plain HTTP to {@code server}, in namespace {@code namespace} by default.
   *
   * @param dir a directory of its own for the kubeconfig and the runs' homes
   */
  public static Kubectl against(Path binary, URI server, String namespace, Path dir) {
    Path kubeconfig = dir.resolve("kubeconfig");
    String config =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: tidemark-test
          cluster:
            server: %s
        users:
        - name: tidemark-test
          user: {}
        contexts:
        - name: tidemark-test
          context:
            cluster: tidemark-test
            user: tidemark-test
            namespace: %s
        current-context: tidemark-test
        """
            .formatted(server, namespace);
    try {
      Files.writeString(kubeconfig, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Kubectl(binary, dir, kubeconfig);
  }

  /** Runs {@code kubectl ARGS...} and waits up to a minute for it. */
  public Result run(String... args) throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve("home-" + runs.incrementAndGet()));
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HOME", home.toString());
    for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
      env.remove(proxy);
    }
    env.put("NO_PROXY", "127.0.0.1,localhost");
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " took over 60 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
