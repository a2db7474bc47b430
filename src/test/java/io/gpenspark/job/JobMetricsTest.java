package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.manifest.ManifestFiles;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's metrics reach Spark's metrics system in local mode (the executor plugin is initialised
 * there): a CSV sink reporting every second ends with the manifest's counts and stage times, and
 * the driver UI's Prometheus endpoint shows images done while the run goes. The job's own command
 * line in its own JVM: plugins and sinks are fixed when Spark starts.
 */
@IntegrationTest
class JobMetricsTest {
  private static final String SOURCE =
      "gpen-spark.driver.plugin.io.gpenspark.job.JobMetricsPlugin.";
  private static final Pattern DONE =
      Pattern.compile(
          "^metrics_gpen_spark_driver_plugin_io_gpenspark_job_JobMetricsPlugin_images_done_Count\\S* (\\d+)$",
          Pattern.MULTILINE);

  private static String lastScrape = "(nothing served)";

  @Test
  void sinksShowTheRunsCountsAndStageTimes(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    PhotoTree.write(in);
    Path out = tmp.resolve("out");
    Path csv = Files.createDirectories(tmp.resolve("metrics"));
    int port = freePort();
    String sink = "spark.metrics.conf.*.sink.";
    long doneMidRun = -1;
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            Map.of(),
            List.of(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--set",
            "detect.model=\"" + SharedFiles.yunet() + "\"",
            "--set",
            "restore.enabled=false",
            "--set",
            sink + "csv.class=org.apache.spark.metrics.sink.CsvSink",
            "--set",
            sink + "csv.period=1",
            "--set",
            sink + "csv.unit=seconds",
            "--set",
            sink + "csv.directory=" + csv,
            "--set",
            sink + "prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet",
            "--set",
            sink + "prometheusServlet.path=/metrics/prometheus",
            "--set",
            "spark.ui.port=" + port)) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
      while (job.process().isAlive() && Instant.now().isBefore(deadline)) {
        doneMidRun = Math.max(doneMidRun, scrapeDone(port));
        Thread.sleep(200);
      }
      assertEquals(0, job.await(10), JobProcess.tail(job.stderr()));
      assertFalse(
          job.stderr().contains("Using default name"), "named by the app in local mode (JobSpark)");
      System.out.print(job.stdout());
    }

    List<ManifestRecord> rows =
        ManifestFiles.read(out.resolve("_manifest").toString(), new Configuration());
    assertEquals(5, rows.size());
    System.out.println("images.done seen on the Prometheus endpoint mid-run: " + doneMidRun);
    assertTrue(
        doneMidRun > 0,
        "the UI's endpoint showed images done while the job ran; it served:\n"
            + JobProcess.tail(lastScrape));
    assertEquals(rows.size(), counter(csv, "images.done"));
    for (String status : List.of("ok", "no_face", "failed")) {
      long expected = rows.stream().filter(r -> r.status().equals(status)).count();
      assertEquals(expected, counter(csv, "images." + status), status);
    }
    assertEquals(rows.stream().mapToLong(ManifestRecord::faces).sum(), counter(csv, "faces"));
    for (String stage : ManifestSchema.STAGES) {
      List<Double> ran =
          rows.stream().map(r -> r.number("ms_" + stage)).filter(ms -> ms > 0).sorted().toList();
      String[] timer = lastLine(csv, "stage." + stage);
      assertEquals(ran.size(), Long.parseLong(timer[1]), stage + " count");
      if (!ran.isEmpty()) { // max, in ms (Spark's CsvSink reports durations in milliseconds)
        assertEquals(ran.get(ran.size() - 1), Double.parseDouble(timer[2]), 1e-3, stage + " max");
      }
    }
  }

  /** images.done on the driver UI's Prometheus endpoint; -1 while it does not answer. */
  private static long scrapeDone(int port) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/metrics/prometheus/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      lastScrape = body;
      Matcher m = DONE.matcher(body);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1; // not serving yet, or gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long counter(Path csv, String name) throws IOException {
    return Long.parseLong(lastLine(csv, name)[1]);
  }

  /** The last report of one metric: CsvSink writes a file per metric, a line per period. */
  private static String[] lastLine(Path csv, String name) throws IOException {
    List<String> lines = Files.readAllLines(csv.resolve(SOURCE + name + ".csv"));
    return lines.get(lines.size() - 1).split(",");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
