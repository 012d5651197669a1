package io.tidemark.tools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How fleet runs start Tidemark's own commands ({@code simulate}, {@code server}, {@code compact})
 * as separate JVMs: this JVM's {@code java} binary, a class path holding the collector, and the
 * application's main class (so the runnable {@code tidemark.jar} and the benchmarks jar, which
 * shades the collector in, both work).
 *
 * @param java the {@code java} binary
 * @param classPath the class path given to the child JVMs
 */
record TidemarkJar(Path java, String classPath) {

  /** The collector's main class: every command of {@code java -jar tidemark.jar}. */
  static final String MAIN = "io.tidemark.collector.TidemarkApplication";

  /**
   * The launcher's default JVM options, relative to the checkout: one a line, {@code #} comments.
   */
  static final Path DEFAULT_JVM_OPTIONS = Path.of("config", "jvm.options");

  /**
   * The options the launcher {@code ./tidemark} gives every JVM before {@code JAVA_OPTS}, read from
   * {@code config/jvm.options} under the working directory (the checkout); none when it is absent.
   */
  static List<String> defaultJvmOptions() throws IOException {
    if (!Files.isRegularFile(DEFAULT_JVM_OPTIONS)) {
      return List.of();
    }
    return Files.readAllLines(DEFAULT_JVM_OPTIONS).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** Where {@code ./mvnw package} puts the runnable jar, relative to the checkout. */
  static final Path DEFAULT_JAR = Path.of("collector", "target", "tidemark.jar");

  /**
   * {@code jar} when given, else {@code collector/target/tidemark.jar} if it exists under the
   * working directory, else this JVM's own class path.
   */
  static TidemarkJar resolve(String jar) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (jar != null && !jar.isBlank()) {
      Path p = Path.of(jar).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--jar: no such file " + p);
      }
      return new TidemarkJar(java, p.toString());
    }
    if (Files.isRegularFile(DEFAULT_JAR)) {
      return new TidemarkJar(java, DEFAULT_JAR.toAbsolutePath().toString());
    }
    List<String> absolute = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      absolute.add(Path.of(entry).toAbsolutePath().toString());
    }
    return new TidemarkJar(java, String.join(File.pathSeparator, absolute));
  }

  /**
   * Starts {@code java JVM_OPTIONS -cp CLASSPATH MAIN ARGS} as a measured child called {@code name}
   * in {@code dir} (created), its output appended to {@code dir/NAME.log}.
   */
  MeasuredProcess start(String name, List<String> jvmOptions, List<String> args, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    return MeasuredProcess.start(name, command(jvmOptions, args), dir, dir.resolve(name + ".log"));
  }

  /** {@code java JVM_OPTIONS -cp CLASSPATH MAIN ARGS}. */
  List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> out = new ArrayList<>();
    out.add(java.toString());
    out.addAll(jvmOptions);
    out.add("-cp");
    out.add(classPath);
    out.add(MAIN);
    out.addAll(args);
    return out;
  }
}
