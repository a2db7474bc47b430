package io.gpenspark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real S3-compatible server for tests: s3proxy with its filesystem backend, started as its own
 * process on 127.0.0.1 (the jar is copied to target/test-tools by the build). Buckets are folders
 * of {@link #dataDir()}, so tests can put and inspect objects directly.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "gpen-test-access";
  public static final String SECRET_KEY = "gpen-test-secret-" + Long.toHexString(System.nanoTime());

  private final Process process;
  private final int port;
  private final Path dataDir;

  private S3Server(Process process, int port, Path dataDir) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
  }

  public static S3Server start(Path workDir, String... buckets)
      throws IOException, InterruptedException {
    Path jar = Path.of("target/test-tools/s3proxy.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy jar missing (built by mvn process-test-resources): " + jar);
    }
    Path data = Files.createDirectories(workDir.resolve("s3-data"));
    for (String b : buckets) {
      Files.createDirectories(data.resolve(b));
    }
    int port = freePort();
    Path props = workDir.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx512m", "-jar", jar.toString(), "--properties", props.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile())
            .start();
    S3Server server = new S3Server(p, port, data);
    server.awaitListening(Duration.ofSeconds(60));
    return server;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The S3A settings (as Spark keys) that point a job at this server. */
  public Map<String, String> sparkSettings() {
    return sparkSettings(endpoint());
  }

  /**
   * The same settings against another endpoint (e.g. a fault-injecting proxy in front of this
   * server).
   */
  public static Map<String, String> sparkSettings(String endpoint) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    s.put("spark.hadoop.fs.s3a.path.style.access", "true");
    s.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    s.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
    s.put("spark.hadoop.fs.s3a.secret.key", SECRET_KEY);
    s.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    // s3proxy's filesystem backend stalls deleting directory markers that have children.
    s.put("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
    return s;
  }

  /**
   * The same settings as Hadoop per-bucket keys ({@code fs.s3a.bucket.BUCKET.*}): they apply to
   * that bucket only, so a test can point one bucket at a proxy in a JVM-wide configuration without
   * touching other tests' buckets.
   */
  public static Map<String, String> bucketSettings(String bucket, String endpoint) {
    Map<String, String> s = new LinkedHashMap<>();
    sparkSettings(endpoint)
        .forEach(
            (k, v) ->
                s.put(
                    "fs.s3a.bucket." + bucket + "." + k.substring("spark.hadoop.fs.s3a.".length()),
                    v));
    return s;
  }

  /**
   * Copies a local file or folder to {@code uri} (s3a://bucket/key) through S3A straight to this
   * server: real PUTs, real ETags, nothing placed behind the server's back.
   */
  public void upload(Path local, String uri) throws IOException {
    org.apache.hadoop.conf.Configuration direct = new org.apache.hadoop.conf.Configuration();
    sparkSettings().forEach((k, v) -> direct.set(k.substring("spark.hadoop.".length()), v));
    direct.setBoolean("fs.s3a.impl.disable.cache", true);
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(uri);
    try (org.apache.hadoop.fs.FileSystem fs = to.getFileSystem(direct)) {
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), to);
    }
  }

  private void awaitListening(Duration timeout) throws InterruptedException, IOException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with " + process.exitValue() + "; see its log");
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    close();
    throw new IOException("s3proxy did not listen on port " + port + " within " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
