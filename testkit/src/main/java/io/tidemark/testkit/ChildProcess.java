package io.tidemark.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program run as a child process by a test or a tool: started in a directory with its standard
 * output and error appended to a log file, and stopped with SIGTERM, then SIGKILL only if it
 * outlives a grace period.
 *
 * <p>Every child still running when this JVM exits (an interrupted run, a failed test) is stopped
 * by a shutdown hook, so none is left behind. {@link #freePort()} finds a loopback port to give it;
 * {@link #awaitReady} and {@link #awaitHttpOk} wait until it is up, and stop it if it never is.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long {@link #close()} waits after SIGTERM before SIGKILL. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(60);

  private static final Duration EXIT_GRACE = Duration.ofSeconds(20);
  private static final Duration FAILED_START_GRACE = Duration.ofSeconds(30);
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAll, "child-processes-stop"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private volatile boolean killed;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code workDir}, its standard output and error appended to {@code
   * log} (whose directory is created).
   *
   * @param name what to call it in messages
   */
  public static ChildProcess start(String name, List<String> command, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    ChildProcess child = new ChildProcess(name, process, log);
    RUNNING.add(child);
    return child;
  }

  /** Stops every child still running (SIGTERM, SIGKILL after 20 s); the shutdown hook's work. */
  public static void stopAll() {
    for (ChildProcess child : List.copyOf(RUNNING)) {
      child.stop(EXIT_GRACE);
    }
  }

  /**
   * A port free on 127.0.0.1 right now. Another process may take it before the child binds it; the
   * window is small, and a server that fails to bind fails loudly.
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The name given at start, for messages. */
  public String name() {
    return name;
  }

  /** The operating system's id of the process. */
  public long pid() {
    return process.pid();
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** Whether it is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws an {@link IllegalStateException}, with the end of its log, if it has exited. */
  public void ensureAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with status " + process.exitValue() + "; its log ends:\n" + logTail(30));
    }
  }

  /**
   * Waits, polling every 200 ms, until {@code ready} says it is up. If it exits first, or {@code
   * timeout} passes, it is stopped and an {@link IllegalStateException} with the end of its log is
   * thrown; so is anything {@code ready} throws.
   *
   * @param what what {@code ready} waits for, for the message
   */
  public void awaitReady(String what, Duration timeout, BooleanSupplier ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!ready.getAsBoolean()) {
        ensureAlive();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name
                  + " did not come up ("
                  + what
                  + ") within "
                  + timeout.toSeconds()
                  + " s; its log ends:\n"
                  + logTail(30));
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException | RuntimeException e) {
      stop(FAILED_START_GRACE);
      throw e;
    }
  }

  /** {@link #awaitReady} until a GET of {@code uri} answers 200. */
  public void awaitHttpOk(URI uri, Duration timeout) throws InterruptedException {
    awaitReady("200 at " + uri, timeout, () -> status(uri) == 200);
  }

  /** The status code of a GET of {@code uri}, or -1 if it cannot connect. */
  private static int status(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * SIGTERM, then waits up to {@code grace}; SIGKILL if still running. Returns the exit status (143
   * or 137 when the process died of the signal rather than exiting), -1 if interrupted.
   */
  public int stop(Duration grace) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          killed = true;
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killed = true;
      process.destroyForcibly();
      return -1;
    } finally {
      RUNNING.remove(this);
    }
  }

  /** Whether {@link #stop} had to kill it. */
  public boolean killed() {
    return killed;
  }

  /** Sends it {@code signal} (such as {@code HUP}) with {@code kill}. */
  public void signal(String signal) throws IOException, InterruptedException {
    ensureAlive();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** The last {@code lines} lines of its log, for failure messages. */
  public String logTail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      // split rather than readAllLines: the last line may be cut, and need not be UTF-8 yet
      List<String> all =
          List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n", -1));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Stops it, if still running, with {@link #CLOSE_GRACE}. */
  @Override
  public void close() {
    stop(CLOSE_GRACE);
  }
}
