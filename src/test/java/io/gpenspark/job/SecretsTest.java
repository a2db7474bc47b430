package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.S3Server;
import io.gpenspark.testing.SharedFiles;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 credentials never show up in anything a run writes (its stdout and stderr at INFO, with S3A
 * and the job at DEBUG; the manifest; the outputs; Spark's event log; the configuration the job
 * renders), and a run with wrong credentials or an unreachable endpoint stops early: non-zero exit,
 * one line naming the cause, no manifest.
 */
@IntegrationTest
class SecretsTest {
  private static final String BUCKET = "gpen-secrets";
  private static final String OUT_BUCKET = "gpen-secrets-out";
  static @TempDir Path shared;
  static S3Server s3;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = S3Server.start(shared, BUCKET, OUT_BUCKET);
    Path photos = Files.createDirectories(shared.resolve("photos"));
    PhotoTree.write(photos);
    Configuration direct = new Configuration();
    s3.sparkSettings().forEach((k, v) -> direct.set(k.substring("spark.hadoop.".length()), v));
    direct.setBoolean("fs.s3a.impl.disable.cache", true);
    try (FileSystem fs = FileSystem.get(URI.create("s3a://" + BUCKET + "/"), direct)) {
      fs.copyFromLocalFile(
          false,
          true,
          new org.apache.hadoop.fs.Path(photos.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/in"));
    }
  }

  @AfterAll
  static void stopServer() {
    s3.close();
  }

  /** The S3A settings of a job run, without credentials (they come from the environment). */
  private static List<String> args(String endpoint, String output, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--input",
                "s3a://" + BUCKET + "/in",
                "--output",
                output,
                "--set",
                "detect.model=" + SharedFiles.yunet(),
                "--set",
                "restore.enabled=false",
                "--set",
                "preprocess.resize.short-edge=256"));
    Map<String, String> s3a = new HashMap<>(S3Server.sparkSettings(endpoint));
    s3a.remove("spark.hadoop.fs.s3a.access.key");
    s3a.remove("spark.hadoop.fs.s3a.secret.key");
    s3a.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
    s3a.forEach((k, v) -> a.addAll(List.of("--set", k + "=" + v)));
    a.addAll(List.of(more));
    return a;
  }

  private static Map<String, String> credentials(String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.put("AWS_SESSION_TOKEN", null);
    return env;
  }

  /** Every place the secret could be seen, as text: where it was found, or an empty list. */
  private static List<String> leaks(String secret, Map<String, String> texts) {
    String distinctive = secret.substring(secret.lastIndexOf('-') + 1); // the random part alone
    List<String> found = new ArrayList<>();
    texts.forEach(
        (where, text) -> {
          if (text.contains(secret) || text.contains(distinctive)) {
            int at = Math.max(text.indexOf(secret), text.indexOf(distinctive));
            found.add(
                where
                    + ": ..."
                    + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 50)));
          }
        });
    return found;
  }

  private static Map<String, String> filesUnder(Path root) throws Exception {
    Map<String, String> texts = new HashMap<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          texts.put(p.toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return texts;
  }

  @Test
  void theSecretKeyAppearsNowhereARunWrites(@TempDir Path tmp) throws Exception {
    Path events = Files.createDirectories(tmp.resolve("events"));
    Path log4j = tmp.resolve("log4j2-verbose.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stderr.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex",
            "logger.s3a.name = org.apache.hadoop.fs.s3a",
            "logger.s3a.level = debug",
            "logger.gpenspark.name = io.gpenspark",
            "logger.gpenspark.level = debug",
            ""));
    List<String> a =
        args(
            s3.endpoint(),
            "s3a://" + BUCKET + "/out",
            "--set",
            "job.run-id=secrets",
            "--set",
            "spark.eventLog.enabled=true",
            "--set",
            "spark.eventLog.dir=" + events.toUri(),
            // Passed the discouraged way too, as a Spark setting: it must not leak from there
            // either.
            "--set",
            "spark.hadoop.fs.s3a.secret.key=" + S3Server.SECRET_KEY);
    Instant t0 = Instant.now();
    int code;
    Map<String, String> texts = new HashMap<>();
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            credentials(S3Server.SECRET_KEY),
            List.of("-Dlog4j2.configurationFile=" + log4j),
            a.toArray(String[]::new))) {
      code = job.await(240);
      texts.put("stdout", job.stdout());
      texts.put("stderr", job.stderr());
      System.out.printf(
          "job ran in %.1f s: %s%n",
          Duration.between(t0, Instant.now()).toMillis() / 1000.0, job.stdout().strip());
      assertEquals(0, code, JobProcess.tail(job.stderr()));
      assertTrue(job.stderr().contains("DEBUG"), "verbose logging was on");
    }
    Path out = s3.dataDir().resolve(BUCKET + "/out");
    texts.putAll(filesUnder(out));
    texts.putAll(filesUnder(events));
    String eventLog = String.join("\n", filesUnder(events).values());
    assertTrue(
        eventLog.contains("\"spark.hadoop.fs.s3a.secret.key\":\"*********(redacted)\""),
        "the event log names the setting, with its value redacted");
    StringBuilder manifest = new StringBuilder();
    for (Row r :
        LocalSpark.session().read().parquet(out.resolve("_manifest").toString()).collectAsList()) {
      manifest.append(r.mkString("|")).append('\n');
    }
    assertEquals(5, manifest.toString().lines().count(), manifest.toString());
    texts.put("manifest rows", manifest.toString());

    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i + 1 < a.size(); i += 2) {
      if (a.get(i).equals("--set")) {
        String kv = a.get(i + 1);
        overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    overrides.put("input.uri", "s3a://" + BUCKET + "/in");
    overrides.put("output.uri", "s3a://" + BUCKET + "/out");
    JobConfig config = JobConfig.load(null, overrides);
    assertTrue(
        config.sparkSettings().containsValue(S3Server.SECRET_KEY), "the setting reaches Spark");
    texts.put("JobConfig.toString()", String.valueOf(config));

    assertEquals(List.of(), leaks(S3Server.SECRET_KEY, texts), "secret found");
    // The scan can find it: the secret is in this test's own record of the command line.
    assertFalse(leaks(S3Server.SECRET_KEY, Map.of("args", String.join(" ", a))).isEmpty());
  }

  /** The one line a failed run prints for itself (log lines aside). */
  private static List<String> ownLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("gpen-spark")).toList();
  }

  @Test
  void wrongCredentialsStopTheJobEarlyWithOneLine(@TempDir Path tmp) throws Exception {
    String wrong = "gpen-wrong-secret-" + Long.toHexString(System.nanoTime());
    Instant t0 = Instant.now();
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            credentials(wrong),
            List.of(),
            args(s3.endpoint(), "s3a://" + BUCKET + "/out-wrong").toArray(String[]::new))) {
      int code = job.await(180);
      double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
      String err = job.stderr();
      System.out.printf(
          "wrong credentials: exit %d after %.1f s: %s%n", code, seconds, ownLines(err));
      assertNotEquals(0, code, JobProcess.tail(err));
      assertEquals(1, ownLines(err).size(), JobProcess.tail(err));
      String line = ownLines(err).get(0);
      assertTrue(
          line.contains("s3a://" + BUCKET + "/in")
              && (line.contains("AccessDenied") || line.contains("403")),
          line);
      assertEquals(List.of(), leaks(wrong, Map.of("stdout", job.stdout(), "stderr", err)));
      assertTrue(seconds < 90, "stopped early: " + seconds + " s");
    }
    assertFalse(
        Files.exists(s3.dataDir().resolve(BUCKET + "/out-wrong")), "nothing written, no manifest");
  }

  /**
   * Input readable, output bucket not writable (wrong secret for that bucket alone): the job's
   * write check stops it before any image is processed, with a non-zero exit, one line naming the
   * output, and no manifest.
   */
  @Test
  void unwritableOutputEndsWithOneLineAndNoManifest(@TempDir Path tmp) throws Exception {
    String b = "spark.hadoop.fs.s3a.bucket." + OUT_BUCKET + ".";
    Instant t0 = Instant.now();
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            credentials(S3Server.SECRET_KEY),
            List.of(),
            args(
                    s3.endpoint(),
                    "s3a://" + OUT_BUCKET + "/out",
                    "--set",
                    b
                        + "aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                    "--set",
                    b + "access.key=" + S3Server.ACCESS_KEY,
                    "--set",
                    b + "secret.key=gpen-wrong-output-secret",
                    // The SDK takes SignatureDoesNotMatch for clock skew and retries it: keep that
                    // short.
                    "--set",
                    b + "attempts.maximum=1")
                .toArray(String[]::new))) {
      int code = job.await(180);
      double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
      String err = job.stderr();
      System.out.printf(
          "unwritable output: exit %d after %.1f s: %s%n", code, seconds, ownLines(err));
      assertNotEquals(0, code, JobProcess.tail(err));
      assertEquals(1, ownLines(err).size(), JobProcess.tail(err));
      assertTrue(
          ownLines(err).get(0).contains("s3a://" + OUT_BUCKET + "/out"), ownLines(err).get(0));
      assertFalse(err.contains("\tat "), "no stack trace: " + JobProcess.tail(err));
    }
    assertFalse(Files.exists(s3.dataDir().resolve(OUT_BUCKET + "/out/_manifest")), "no manifest");
  }

  @Test
  void unreachableEndpointStopsTheJobEarlyWithOneLine(@TempDir Path tmp) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once closed
    }
    Instant t0 = Instant.now();
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            credentials(S3Server.SECRET_KEY),
            List.of(),
            args(
                    "http://127.0.0.1:" + closed,
                    "s3a://" + BUCKET + "/out-unreachable",
                    "--set",
                    "spark.hadoop.fs.s3a.attempts.maximum=1",
                    "--set",
                    "spark.hadoop.fs.s3a.retry.limit=1",
                    "--set",
                    "spark.hadoop.fs.s3a.retry.interval=100ms",
                    "--set",
                    "spark.hadoop.fs.s3a.connection.establish.timeout=2000")
                .toArray(String[]::new))) {
      int code = job.await(180);
      double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
      String err = job.stderr();
      System.out.printf(
          "unreachable endpoint: exit %d after %.1f s: %s%n", code, seconds, ownLines(err));
      assertNotEquals(0, code, JobProcess.tail(err));
      assertEquals(1, ownLines(err).size(), JobProcess.tail(err));
      String line = ownLines(err).get(0);
      assertTrue(line.contains("s3a://" + BUCKET + "/in") && line.contains("Connect"), line);
      assertEquals(
          List.of(), leaks(S3Server.SECRET_KEY, Map.of("stdout", job.stdout(), "stderr", err)));
      assertTrue(seconds < 90, "stopped early: " + seconds + " s");
    }
    assertFalse(Files.exists(s3.dataDir().resolve(BUCKET + "/out-unreachable")));
  }
}
