package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs: incremental processes only new, changed and failed inputs, retry-failed only failed
 * ones, and inputs left alone get no row; a run with nothing to do writes nothing to the manifest
 * and only its run record. The manifest keeps one current row per input throughout.
 */
@IntegrationTest
class IncrementalRunTest {

  static RestoreSummary run(Path in, Path out, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(extra);
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("restore.enabled", "false");
    RestoreSummary s = RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute();
    System.out.println(s.line());
    return s;
  }

  /** The run's rows: input path to status. */
  static Map<String, String> statuses(SparkSession spark, Path out, String runId) {
    return ManifestReader.all(spark, out.resolve("_manifest").toString())
        .where("run_id = '" + runId + "'")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getAs("input_path"), r -> r.getAs("status")));
  }

  /** The run's record, as a scheduler reads it. */
  static RunRecord record(Path out, String runId) throws IOException {
    Path file = out.resolve(RunRecord.FOLDER).resolve(runId + ".json");
    assertTrue(Files.isRegularFile(file), "run record " + file);
    RunRecord r = RunRecord.fromJson(Files.readString(file));
    assertEquals(runId, r.runId());
    return r;
  }

  /** Every file under the manifest, as relative paths. */
  static Set<String> manifestFiles(Path out) throws IOException {
    Path m = out.resolve("_manifest");
    try (Stream<Path> s = Files.walk(m)) {
      return s.map(p -> m.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The current row per input: path to run id and status. */
  static Map<String, String> current(SparkSession spark, Path out) {
    return ManifestReader.current(spark, out.resolve("_manifest").toString())
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs("input_path"), r -> r.getAs("run_id") + " " + r.getAs("status")));
  }

  @Test
  void reRunsProcessOnlyWhatTheyMust(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    SparkSession spark = LocalSpark.session();
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path out = tmp.resolve("out");
    PhotoTree.write(in);
    Map<String, String> incremental = Map.of("job.mode", "incremental");

    RestoreSummary first = run(in, out, incremental);
    assertEquals(5, first.inputs());
    assertEquals(5, first.processed());
    assertEquals(0, first.unchanged());
    RunRecord r1 = record(out, first.runId());
    assertEquals(RunRecord.SUCCEEDED, r1.outcome());
    assertNull(r1.error());
    assertEquals(
        List.of(5L, 5L, 0L, 0L),
        List.of(r1.inputs(), r1.toProcess(), r1.unchanged(), r1.remaining()));
    assertEquals(Map.of("ok", 3L, "no_face", 1L, "failed", 1L), r1.counts());
    assertEquals(first.faces(), r1.faces());
    assertEquals("incremental", r1.mode());
    assertTrue(r1.timingsS().get("process") > 0, "processing took time: " + r1.timingsS());
    assertTrue(r1.driverHeapPeakBytes() > 0);

    // The broken file is tried again; the four ok/no_face inputs get no row.
    RestoreSummary second = run(in, out, incremental);
    assertEquals(
        Map.of("landscapes/broken.jpg", "failed"), relative(statuses(spark, out, second.runId())));
    assertEquals(4, second.unchanged());
    RunRecord r2 = record(out, second.runId());
    assertEquals(
        List.of(5L, 1L, 4L, 0L),
        List.of(r2.inputs(), r2.toProcess(), r2.unchanged(), r2.remaining()));
    assertEquals(1L, r2.count("failed"));

    // Nothing new (the broken file gone): no processing, no manifest file, only the run record.
    Files.delete(in.resolve("landscapes/broken.jpg"));
    Set<String> filesBefore = manifestFiles(out);
    Map<String, String> currentBefore = current(spark, out);
    RestoreSummary idle = run(in, out, incremental);
    assertEquals(
        filesBefore, manifestFiles(out), "a run with nothing to do writes no manifest file");
    assertFalse(Files.exists(out.resolve("_manifest/run_id=" + idle.runId())));
    assertEquals(currentBefore, current(spark, out), "the current rows are the same");
    assertTrue(
        idle.line().contains(": 4 inputs, 0 processed, 4 unchanged, 0 remaining, 0 faces,"),
        idle.line());
    RunRecord r3 = record(out, idle.runId());
    assertEquals(RunRecord.SUCCEEDED, r3.outcome());
    assertEquals(
        List.of(4L, 0L, 4L, 0L),
        List.of(r3.inputs(), r3.toProcess(), r3.unchanged(), r3.remaining()));
    assertEquals(0, r3.processed());
    assertEquals(0.0, r3.timingsS().get("process"), "no processing stage");
    assertEquals(Set.copyOf(RunRecord.TIMINGS), r3.timingsS().keySet());
    // The records as a table: Spark reads the JSON files with RunRecord.SCHEMA into the rows
    // toRow() makes, and takes those rows as they are.
    Row asRead =
        spark
            .read()
            .schema(RunRecord.SCHEMA)
            .json(out.resolve(RunRecord.FOLDER).toString())
            .where("run_id = '" + idle.runId() + "'")
            .first();
    assertEquals(r3.toRow(), asRead);
    assertEquals(
        List.of(r3.toRow()),
        spark.createDataFrame(List.of(r3.toRow()), RunRecord.SCHEMA).collectAsList());
    System.out.printf(
        "first run %.1f s, re-run with nothing new %.1f s (list %.2f s, plan %.2f s)%n",
        first.seconds(), idle.seconds(), r3.timingsS().get("list"), r3.timingsS().get("plan"));
    // `manifest runs` lists the run that wrote no row, from its record.
    String runs =
        GpenSparkRunner.run("manifest", "runs", "--manifest", out.resolve("_manifest").toString())
            .out();
    assertTrue(runs.lines().anyMatch(l -> l.matches(idle.runId() + " +succeeded +4 +0 .*")), runs);

    // A changed file and a new file, same settings: exactly their two rows.
    Path adele = in.resolve("portraits/Adele crop.PNG");
    Files.setLastModifiedTime(
        adele, FileTime.fromMillis(Files.getLastModifiedTime(adele).toMillis() + 60_000));
    Files.copy(
        SharedFiles.faces("gfpgan-cropped/Julia_Roberts_crop.png"),
        in.resolve("portraits/julia.png"));
    RestoreSummary third = run(in, out, incremental);
    assertEquals(
        Map.of("portraits/Adele crop.PNG", "ok", "portraits/julia.png", "ok"),
        relative(statuses(spark, out, third.runId())));
    assertEquals(List.of(5L, 2L, 3L, 0L), summaryCounts(third));

    // --retry-failed: rows only for the inputs whose current row is failed.
    Files.writeString(in.resolve("landscapes/broken.jpg"), "still not a jpeg");
    RestoreSummary retry = run(in, out, Map.of("job.retry-failed", "true"));
    assertEquals(
        Map.of("landscapes/broken.jpg", "failed"), relative(statuses(spark, out, retry.runId())));
    RunRecord r5 = record(out, retry.runId());
    assertTrue(r5.retryFailed());
    assertEquals(
        List.of(6L, 1L, 5L, 0L),
        List.of(r5.inputs(), r5.toProcess(), r5.unchanged(), r5.remaining()));

    // Other settings: everything is processed again.
    RestoreSummary changed =
        run(in, out, Map.of("job.mode", "incremental", "postprocess.blend.weight", "0.7"));
    assertEquals(6, statuses(spark, out, changed.runId()).size());
    assertEquals(0, changed.unchanged());

    // The current row per input: six inputs, the latest outcome each.
    List<Row> current =
        ManifestReader.current(spark, out.resolve("_manifest").toString()).collectAsList();
    assertEquals(6, current.size());
    assertTrue(current.stream().allMatch(r -> r.getAs("run_id").equals(changed.runId())));
    assertEquals(
        0,
        ManifestReader.all(spark, out.resolve("_manifest").toString())
            .where("status = 'skipped'")
            .count(),
        "no run writes a skipped row");
  }

  /** A run that fails (its manifest location is a file) still leaves its record: failed, why. */
  @Test
  void aFailedRunLeavesItsRecord(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    Path in = Files.createDirectories(tmp.resolve("in"));
    PhotoTree.write(in);
    Path out = tmp.resolve("out");
    Path notAFolder = Files.writeString(tmp.resolve("manifest-is-a-file"), "x");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                run(
                    in,
                    out,
                    Map.of(
                        "manifest.uri",
                        '"' + notAFolder.toString() + '"',
                        "job.run-id",
                        "cannot-write-manifest")));
    RunRecord r = record(out, "cannot-write-manifest");
    assertEquals(RunRecord.FAILED, r.outcome());
    assertTrue(r.error().contains("cannot write to " + notAFolder), r.error());
    assertEquals(1, r.error().lines().count(), "one line: " + r.error());
    assertEquals(5, r.inputs(), "listed before it failed");
    assertEquals(0, r.processed());
    assertTrue(r.finishedAt().compareTo(r.startedAt()) >= 0);
    assertEquals("x", Files.readString(notAFolder), "the manifest location is untouched");
    System.out.println("failed run: " + e.getMessage() + "; record error: " + r.error());
  }

  private static List<Long> summaryCounts(RestoreSummary s) {
    return List.of(s.inputs(), s.processed(), s.unchanged(), s.remaining());
  }

  /** The run's rows by path relative to the input folder ("in"). */
  static Map<String, String> relative(Map<String, String> byPath) {
    return byPath.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> e.getKey().substring(e.getKey().indexOf("/in/") + 4), Map.Entry::getValue));
  }
}
