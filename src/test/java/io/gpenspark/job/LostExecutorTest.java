package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.LocalCluster;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process Spark cluster on loopback (local-cluster: a master and two workers in the
 * driver JVM, each executor its own JVM) running the job's command line; one executor JVM is killed
 * (SIGKILL) while it restores images. The job completes through task retry, exits 0, and the
 * manifest has every input exactly once with its output written.
 */
@IntegrationTest
class LostExecutorTest {
  /**
   * Real photos, 512 px, under nested folders: enough work that both executors are busy when one
   * dies.
   */
  private static List<String> inputs(Path in) throws Exception {
    List<String> rels = new ArrayList<>();
    for (String folder : List.of("codeformer-cropped", "codeformer-gray", "gfpgan-cropped")) {
      try (Stream<Path> s = Files.list(SharedFiles.faces(folder))) {
        for (Path p : s.sorted().toList()) {
          String rel = "archive/" + folder + "/" + p.getFileName();
          Files.createDirectories(in.resolve(rel).getParent());
          Files.copy(p, in.resolve(rel));
          rels.add(rel);
        }
      }
    }
    return rels;
  }

  /** The busiest executor JVM under the driver (most CPU time): it is surely running a task. */
  private static Optional<ProcessHandle> executor(ProcessHandle driver) {
    return driver
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .max(
            java.util.Comparator.comparing(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)));
  }

  private static boolean anyOutput(Path out) throws Exception {
    if (!Files.isDirectory(out)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.anyMatch(
          p ->
              Files.isRegularFile(p)
                  && p.toString().endsWith(".png")
                  && !out.relativize(p).startsWith("_manifest"));
    }
  }

  @Test
  void jobCompletesWhenAnExecutorJvmIsKilledMidRun(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    List<String> rels = inputs(in);
    Path out = tmp.resolve("out");
    LocalCluster cluster = LocalCluster.in(tmp.resolve("spark-home"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--set",
                "detect.model=" + SharedFiles.yunet(),
                "--set",
                "restore.enabled=false",
                "--set",
                "preprocess.resize.short-edge=512",
                "--set",
                "input.images-per-partition=2",
                "--set",
                "job.run-id=lost-executor"));
    args.addAll(LocalCluster.settings());
    Instant t0 = Instant.now();
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"), cluster.env(), List.of(), args.toArray(String[]::new))) {
      ProcessHandle driver = job.process().toHandle();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
      while (!anyOutput(out)) {
        assertTrue(
            job.process().isAlive(),
            "job ended before any image was written:\n" + JobProcess.tail(job.stderr()));
        assertTrue(
            Instant.now().isBefore(deadline),
            "no image written in time:\n" + JobProcess.tail(job.stderr()));
        Thread.sleep(100);
      }
      ProcessHandle victim =
          executor(driver)
              .orElseThrow(() -> new AssertionError("no executor JVM under the driver"));
      String victimCommand = victim.info().commandLine().orElse("");
      assertTrue(victim.destroyForcibly(), "SIGKILL to executor " + victim.pid());
      victim.onExit().get();
      System.out.printf(
          "killed executor JVM %d after %.1f s: %s%n",
          victim.pid(),
          Duration.between(t0, Instant.now()).toMillis() / 1000.0,
          victimCommand.replaceAll(".*(--executor-id \\S+).*", "$1"));

      int code = job.await(300, Path.of("target/lost-executor-driver.log"));
      String stderr = job.stderr();
      assertEquals(0, code, JobProcess.tail(stderr));
      assertTrue(
          stderr.contains("ExecutorLostFailure"),
          "a running task was lost with the executor:\n" + JobProcess.tail(stderr));
      String summary = job.stdout().strip().lines().reduce((a, b) -> b).orElse("");
      assertTrue(
          summary.startsWith(
              "gpen-spark run lost-executor: "
                  + rels.size()
                  + " inputs, "
                  + rels.size()
                  + " processed"),
          summary);
      assertFalse(summary.contains("failed"), summary);
    }

    List<Row> rows =
        LocalSpark.session().read().parquet(out.resolve("_manifest").toString()).collectAsList();
    assertEquals(rels.size(), rows.size(), "one row per input, none twice");
    String root = new org.apache.hadoop.fs.Path(in.toUri()).toString().replaceFirst("/$", "") + "/";
    Set<String> seen = new TreeSet<>();
    Set<String> executors = new TreeSet<>();
    for (Row r : rows) {
      String rel = ((String) r.getAs("input_path")).substring(root.length());
      assertTrue(seen.add(rel), "two rows for " + rel);
      assertTrue(
          Set.of("ok", "no_face").contains((String) r.getAs("status")),
          rel + ": " + r.getAs("error"));
      assertTrue(Files.size(out.resolve(rel)) > 0, rel);
      executors.add(r.getAs("executor_id"));
    }
    assertEquals(new TreeSet<>(rels), seen);
    System.out.println(
        "rows by executor: "
            + rows.stream()
                .collect(
                    Collectors.groupingBy(
                        r -> (String) r.getAs("executor_id"), Collectors.counting())));
    assertTrue(executors.size() >= 2, "rows from more than one executor: " + executors);
  }
}
