package io.gpenspark.testing;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job's command line ({@code gpen-spark restore}) as a separate JVM, as submit/restore-local
 * runs it: this test JVM's classpath and Java module options, the project's log4j2 configuration,
 * stdout and stderr captured to files. Only the process this starts (and its descendants) are ever
 * ended by it.
 */
public final class JobProcess implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Instant started = Instant.now();

  private JobProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * The java command line for {@code mainClass}, with this JVM's classpath and --add-opens options.
   */
  public static List<String> javaCommand(String heap, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx" + heap);
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    return cmd;
  }

  /** The jars of this JVM's classpath (what a Spark installation's jars/ folder would hold). */
  public static List<Path> classpathJars() {
    List<Path> jars = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
        jars.add(Path.of(e));
      }
    }
    return jars;
  }

  /**
   * Starts {@code gpen-spark restore} with {@code args}; {@code env} is added to this JVM's
   * environment (null values remove).
   */
  public static JobProcess start(
      Path workDir, Map<String, String> env, List<String> jvmProperties, String... args)
      throws IOException {
    List<String> cmd = javaCommand("1g", "io.gpenspark.cli.GpenSpark");
    cmd.addAll(cmd.size() - 1, jvmProperties);
    cmd.add("restore");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Files.createDirectories(workDir);
    Path out = workDir.resolve("stdout.txt");
    Path err = workDir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new JobProcess(pb.start(), out, err);
  }

  public Process process() {
    return process;
  }

  /**
   * Waits for the exit code; the process (and its descendants) are killed after {@code seconds}.
   */
  public int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError(
          "job did not finish within " + seconds + " s; stderr:\n" + tail(stderr()));
    }
    return process.exitValue();
  }

  /** As {@link #await}, then keeps stderr at {@code log} and prints how long the job took. */
  public int await(long seconds, Path log) throws InterruptedException, IOException {
    int code = await(seconds);
    Files.copy(stderr, log, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        "job finished in %.1f s with exit code %d%n",
        Duration.between(started, Instant.now()).toMillis() / 1000.0, code);
    return code;
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e + ")";
    }
  }

  public static String tail(String s) {
    return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
