package io.gpenspark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback, from the Maven Spark jars: one master and one worker,
 * each a child JVM, and a Spark home whose jars/ links the runtime classpath (the worker builds its
 * executors' classpath from it, as in a Spark distribution). {@link #submit} runs
 * submit/spark-submit.template against it; {@link #close} stops both.
 */
final class Standalone implements AutoCloseable {
  private static final Path CLASSPATH = Path.of("target/classpath.txt");
  private static final long START_TIMEOUT_MS = 180_000;

  private final Path dir;
  private final Path home;
  private final String url;
  private final List<Process> daemons = new ArrayList<>();

  private Standalone(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.home = sparkHome(dir.resolve("spark-home"));
    this.url = "spark://127.0.0.1:" + freePort();
  }

  /** A master and a worker of {@code cores} cores and {@code memory} for executors, registered. */
  static Standalone start(Path dir, int cores, String memory)
      throws IOException, InterruptedException {
    Standalone s = new Standalone(dir);
    try {
      String port = s.url.substring(s.url.lastIndexOf(':') + 1);
      s.daemon(
          "master",
          "I have been elected leader",
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          port,
          "--webui-port",
          Integer.toString(freePort()));
      s.daemon(
          "worker",
          "Successfully registered with master",
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          "127.0.0.1",
          "--cores",
          Integer.toString(cores),
          "--memory",
          memory,
          "--webui-port",
          Integer.toString(freePort()),
          "--work-dir",
          dir.resolve("work").toString(),
          s.url);
    } catch (IOException | InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  String url() {
    return url;
  }

  /**
   * The job through submit/spark-submit.template (client mode, this JVM's host being the
   * cluster's), its spark-submit being Spark's SparkSubmit class run as bin/spark-submit runs it.
   */
  JobLaunch.Result submit(
      Path jar,
      Path in,
      Path out,
      Map<String, String> settings,
      int executorCores,
      String executorMemory)
      throws IOException, InterruptedException {
    Map<String, String> rest = new LinkedHashMap<>(settings);
    String model = rest.remove("model.path");
    String detector = rest.remove("detect.model");
    List<String> cmd = new ArrayList<>(List.of("bash", "submit/spark-submit.template"));
    cmd.addAll(JobLaunch.sets(rest));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_SUBMIT", java() + " @" + submitArgs());
    env.put("MASTER", url);
    env.put("DEPLOY_MODE", "client");
    env.put("JAR", jar.toAbsolutePath().toString());
    env.put("INPUT", in.toAbsolutePath().toString());
    env.put("OUTPUT", out.toAbsolutePath().toString());
    env.put("MODEL", model);
    env.put("DETECTOR", detector);
    env.put("EXECUTOR_CORES", Integer.toString(executorCores));
    env.put("TASK_CPUS", "1");
    env.put("EXECUTOR_MEMORY", executorMemory);
    return JobLaunch.run(cmd, env);
  }

  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) { // the worker first: it stops its executors
      Process p = daemons.get(i);
      p.destroy();
      try {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts {@code main} with its log in dir/NAME.log and waits for {@code ready} in it. */
  private void daemon(String name, String ready, String main, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
    cmd.addAll(opens());
    cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", main));
    cmd.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // Executors inherit the worker's environment: without the native-memory variables, they get
    // only what the template's spark.executorEnv.* gives them.
    Allocator.clear(pb.environment());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    daemons.add(p);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!Files.readString(log).contains(ready)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "standalone "
                + name
                + " did not start; its log, "
                + log
                + ":\n"
                + Files.readString(log));
      }
      Thread.sleep(200);
    }
    Bench.log("standalone %s up (%s)", name, url);
  }

  /**
   * The java command of SparkSubmit in an argument file: driver heap and opens as spark-submit sets
   * them.
   */
  private Path submitArgs() throws IOException {
    List<String> lines = new ArrayList<>(List.of("-Xmx1g"));
    lines.addAll(opens());
    lines.add("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath());
    lines.addAll(
        List.of(
            "-cp", "\"" + home.resolve("jars") + "/*\"", "org.apache.spark.deploy.SparkSubmit"));
    return Files.write(dir.resolve("spark-submit.args"), lines);
  }

  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : Files.readString(CLASSPATH).strip().split(":")) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName());
      if (entry.endsWith(".jar") && !Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    return home;
  }

  /** Spark's --add-opens list for Java 17, from pom.xml as the submit scripts read it. */
  private static List<String> opens() {
    try {
      Matcher m =
          Pattern.compile("<spark.java.opens>(.*)</spark.java.opens>")
              .matcher(Files.readString(Path.of("pom.xml")));
      if (!m.find()) {
        throw new IllegalStateException("pom.xml has no spark.java.opens");
      }
      return List.of(m.group(1).trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
