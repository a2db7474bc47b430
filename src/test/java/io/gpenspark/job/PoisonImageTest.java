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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image that kills every executor JVM that processes it (debug.crash-on: Runtime.halt, as a
 * native crash or an OOM kill would) costs its own row only: on a real multi-process cluster the
 * job completes, exit 0, that image failed with executor_lost, every other image restored.
 */
@IntegrationTest
class PoisonImageTest {
  private static final String POISON = "0345.png";

  @Test
  void poisonImageGetsExecutorLostAndTheRunCompletes(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    List<String> names;
    try (Stream<Path> s = Files.list(SharedFiles.faces("codeformer-cropped"))) {
      names = s.map(p -> p.getFileName().toString()).sorted().limit(8).toList();
    }
    Files.createDirectories(in);
    for (String name : names) {
      Files.copy(SharedFiles.faces("codeformer-cropped/" + name), in.resolve(name));
    }
    assertTrue(names.contains(POISON));
    Path out = tmp.resolve("out");
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
                "input.images-per-partition=4",
                "--set",
                "restore.batch-images=2", // the poison dies in a group: its partner must survive
                "--set",
                "job.run-id=poison",
                "--set",
                "debug.crash-on=\"" + POISON + "\""));
    args.addAll(LocalCluster.settings());
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            LocalCluster.in(tmp.resolve("spark-home")).env(),
            List.of(),
            args.toArray(String[]::new))) {
      int code = job.await(400, Path.of("target/poison-image-driver.log"));
      String stderr = job.stderr();
      assertEquals(0, code, JobProcess.tail(stderr));
      long lostTasks = stderr.lines().filter(l -> l.contains("ExecutorLostFailure")).count();
      assertTrue(
          lostTasks >= 2, "two attempts died on the poison image:\n" + JobProcess.tail(stderr));
      String summary = job.stdout().strip().lines().reduce((a, b) -> b).orElse("");
      System.out.println(summary);
      assertTrue(
          summary.startsWith(
              "gpen-spark run poison: "
                  + names.size()
                  + " inputs, "
                  + names.size()
                  + " processed (failed 1,"),
          summary);
    }

    List<Row> rows =
        LocalSpark.session().read().parquet(out.resolve("_manifest").toString()).collectAsList();
    assertEquals(names.size(), rows.size(), "one row per input");
    Set<String> seen = new TreeSet<>();
    for (Row r : rows) {
      String name = Path.of((String) r.getAs("input_path")).getFileName().toString();
      seen.add(name);
      if (name.equals(POISON)) {
        System.out.println(
            "poison row: status="
                + r.getAs("status")
                + " error_code="
                + r.getAs("error_code")
                + " error="
                + r.getAs("error")
                + " executor_id="
                + r.getAs("executor_id"));
        assertEquals("failed", r.getAs("status"));
        assertEquals("executor_lost", r.getAs("error_code"));
        assertFalse(Files.exists(out.resolve(name)), "no output for the poison image");
      } else {
        assertTrue(
            Set.of("ok", "no_face").contains((String) r.getAs("status")),
            name + ": " + r.getAs("error"));
        assertTrue(Files.size(out.resolve(name)) > 0, name);
      }
    }
    assertEquals(new TreeSet<>(names), seen);
    assertFalse(Files.exists(out.resolve("_journal")), "the journal is cleared after the commit");
  }

  /**
   * The journal's rules without a cluster: only earlier attempts with a lost verdict count, so a
   * running original is never poison to its speculative copy; an image needs two lost attempts to
   * be skipped; an attempt that ends in its living JVM leaves no marker. Also measures the marker
   * write per group on local disk.
   */
  @Test
  void onlyEarlierLostAttemptsCount(@TempDir Path tmp) throws Exception {
    String root = tmp.resolve("_journal/run").toUri().toString();
    Configuration conf = new Configuration();
    InFlightJournal first = InFlightJournal.open(root, 3, 0, 7, 0, 0, conf);
    assertFalse(first.suspect("a"));
    first.inFlight(List.of("a", "b"));

    // A speculative copy while the first attempt runs: a and b go alone, nothing is poison.
    InFlightJournal copy = InFlightJournal.open(root, 3, 0, 7, 1, 300, conf);
    assertTrue(copy.suspect("a"));
    assertTrue(copy.suspect("b"));
    assertFalse(copy.suspect("c"));
    assertEquals(List.of(), copy.lostWith("a"));
    copy.inFlight(List.of("a"));
    // Nor does a later attempt's marker count for an earlier one, nor another partition's.
    assertFalse(InFlightJournal.open(root, 3, 0, 7, 0, 0, conf).suspect("a"));
    assertFalse(InFlightJournal.open(root, 3, 0, 8, 5, 0, conf).suspect("a"));

    // Both were lost with their executors: a was in flight in two of them, b in one.
    InFlightJournal.markLost(root, 3, 0, 7, 0, conf);
    InFlightJournal.markLost(root, 3, 0, 7, 1, conf);
    InFlightJournal third = InFlightJournal.open(root, 3, 0, 7, 2, 0, conf);
    assertEquals(List.of("0.0", "0.1"), third.lostWith("a").stream().sorted().toList());
    assertEquals(List.of("0.0"), third.lostWith("b"));
    // A retried stage counts the earlier stage attempt's losses too.
    assertEquals(2, InFlightJournal.open(root, 3, 1, 7, 0, 0, conf).lostWith("a").size());

    third.inFlight(List.of("b"));
    third.close(); // ended in a living JVM: not a suspect to anyone later
    assertEquals(List.of("0.0"), InFlightJournal.open(root, 3, 0, 7, 3, 0, conf).lostWith("b"));

    InFlightJournal timed = InFlightJournal.open(root, 4, 0, 0, 0, 0, conf);
    List<String> group = List.of(tmp.resolve("in/some folder/photo 0001.jpg").toUri().toString());
    int n = 2000;
    for (int i = 0; i < 200; i++) {
      timed.inFlight(group);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      timed.inFlight(group);
    }
    System.out.printf(
        "journal marker write on local disk: %.1f us per group%n",
        (System.nanoTime() - t0) / 1e3 / n);

    InFlightJournal.clear(root, conf);
    assertFalse(Files.exists(tmp.resolve("_journal")), "clear leaves no empty _journal behind");
  }
}
