package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Bounded nightly runs: job.max-images takes the oldest inputs first and leaves the rest, which the
 * next incremental run picks up; job.deadline starts nothing after it. Both end normally and say
 * how many inputs remain. No timing is asserted.
 */
@IntegrationTest
class BoundedRunTest {
  /** Names whose alphabetical order is not their age order: the cut must follow the age. */
  private static final List<String> OLDEST_FIRST =
      List.of("g.png", "c.png", "e.png", "a.png", "f.png", "b.png", "d.png");

  /** Seven small faceless photos, modified a minute apart in {@link #OLDEST_FIRST} order. */
  private static Path photos(Path tmp) throws Exception {
    return photos(tmp, System.currentTimeMillis() - 3_600_000);
  }

  /** The same, the oldest modified at {@code t}. */
  private static Path photos(Path tmp, long t) throws Exception {
    OpenCv.load();
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (int i = 0; i < OLDEST_FIRST.size(); i++) {
      MatOfByte png = new MatOfByte();
      Imgcodecs.imencode(
          ".png", new Mat(96, 128, CvType.CV_8UC3, new Scalar(20 * i, 90, 150)), png);
      Path p = Files.write(in.resolve(OLDEST_FIRST.get(i)), png.toArray());
      Files.setLastModifiedTime(p, FileTime.fromMillis(t + i * 60_000L));
    }
    return in;
  }

  private static Set<String> names(Map<String, String> byPath) {
    Set<String> n = new TreeSet<>();
    byPath.keySet().forEach(p -> n.add(p.substring(p.lastIndexOf('/') + 1)));
    return n;
  }

  @Test
  void maxImagesTakesTheOldestAndTheNextRunTheNext(@TempDir Path tmp) throws Exception {
    SparkSession spark = LocalSpark.session();
    Path in = photos(tmp);
    Path out = tmp.resolve("out");
    Map<String, String> bounded =
        Map.of(
            "job.mode", "incremental",
            "job.max-images", "3",
            "input.images-per-partition", "1",
            "preprocess.resize.short-edge", "128");

    RestoreSummary first = IncrementalRunTest.run(in, out, bounded);
    assertEquals(
        new TreeSet<>(OLDEST_FIRST.subList(0, 3)),
        names(IncrementalRunTest.statuses(spark, out, first.runId())));
    assertEquals(List.of(7L, 3L, 0L, 4L), counts(first));
    assertTrue(first.line().contains(", 4 remaining,"), first.line());
    RunRecord r1 = IncrementalRunTest.record(out, first.runId());
    System.out.println("max-images 3 of 7: timings " + r1.timingsS());
    assertEquals(
        List.of(7L, 7L, 0L, 4L),
        List.of(r1.inputs(), r1.toProcess(), r1.unchanged(), r1.remaining()));

    RestoreSummary second = IncrementalRunTest.run(in, out, bounded);
    assertEquals(
        new TreeSet<>(OLDEST_FIRST.subList(3, 6)),
        names(IncrementalRunTest.statuses(spark, out, second.runId())));
    assertEquals(List.of(7L, 3L, 3L, 1L), counts(second));

    // The command line's flags; the last input, then nothing left.
    GpenSparkRunner.Result third =
        GpenSparkRunner.restore(
            "--input", in.toString(),
            "--output", out.toString(),
            "--mode", "incremental",
            "--max-images", "3",
            "--set", "job.run-id=third",
            "--set", "detect.model=" + SharedFiles.yunet(),
            "--set", "restore.enabled=false",
            "--set", "preprocess.resize.short-edge=128");
    assertEquals(0, third.code(), third.err());
    assertTrue(
        third.out().contains(": 7 inputs, 1 processed (no_face 1), 6 unchanged, 0 remaining,"),
        third.out());
    assertEquals(
        Set.of(OLDEST_FIRST.get(6)), names(IncrementalRunTest.statuses(spark, out, "third")));
  }

  @Test
  void aDeadlineStartsNothingAfterItAndLeavesTheRest(@TempDir Path tmp) throws Exception {
    SparkSession spark = LocalSpark.session();
    Path in = photos(tmp);
    Path out = tmp.resolve("out");
    // Past before the processing could start: no stage, no row, everything remains.
    RestoreSummary none =
        IncrementalRunTest.run(in, out, Map.of("job.mode", "incremental", "job.deadline", "0s"));
    assertEquals(List.of(7L, 0L, 0L, 7L), counts(none));
    assertFalse(Files.exists(out.resolve("_manifest/run_id=" + none.runId())));
    RunRecord r = IncrementalRunTest.record(out, none.runId());
    assertEquals(RunRecord.SUCCEEDED, r.outcome());
    assertEquals(7, r.remaining());

    // Through the command line, 1 ms: exit 0; what was not done is remaining, and the next run
    // without a deadline does exactly that.
    GpenSparkRunner.Result tight =
        GpenSparkRunner.restore(
            "--input", in.toString(),
            "--output", out.toString(),
            "--mode", "incremental",
            "--deadline", "1ms",
            "--set", "job.run-id=tight",
            "--set", "detect.model=" + SharedFiles.yunet(),
            "--set", "restore.enabled=false",
            "--set", "input.images-per-partition=1");
    assertEquals(0, tight.code(), tight.err());
    RunRecord t = IncrementalRunTest.record(out, "tight");
    assertEquals(7, t.processed() + t.remaining(), "every input processed or remaining");
    assertTrue(t.remaining() > 0, "1 ms leaves work: " + t.remaining());
    System.out.println(
        "deadline 1 ms: " + t.processed() + " processed, " + t.remaining() + " remaining");

    RestoreSummary rest = IncrementalRunTest.run(in, out, Map.of("job.mode", "incremental"));
    assertEquals(t.remaining(), rest.processed(), "the next run picks up the rest");
    assertEquals(0, rest.remaining());
    List<String> processedNames =
        new ArrayList<>(names(IncrementalRunTest.statuses(spark, out, rest.runId())));
    assertEquals(t.remaining(), processedNames.size());
  }

  /**
   * The deadline passes while the first image of a task is being read (a named pipe whose read
   * blocks until the test writes to it, after the deadline): that image gets its row, the task
   * starts no other, and the rest remain. A first run warms this JVM up, so that the second reaches
   * its processing well before its deadline.
   */
  @Test
  void aDeadlinePassingDuringTheRunStartsNoFurtherImage(@TempDir Path tmp) throws Exception {
    SparkSession spark = LocalSpark.session();
    Map<String, String> settings =
        Map.of("input.images-per-partition", "8", "preprocess.resize.short-edge", "128");
    IncrementalRunTest.run(photos(tmp.resolve("warm-up")), tmp.resolve("warm-up/out"), settings);
    // The pipe first, the photos modified after it (setting a pipe's time would open it).
    Path pipe = Files.createDirectories(tmp.resolve("in")).resolve("pipe.png");
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
    Path in = photos(tmp, System.currentTimeMillis() + 60_000);
    long deadlineMs = 40_000;
    long t0 = System.currentTimeMillis(); // the run starts after this: its deadline too
    CompletableFuture<Boolean> readBeforeDeadline =
        CompletableFuture.supplyAsync(
            () -> {
              try (FileOutputStream w = new FileOutputStream(pipe.toFile())) { // the job opened it
                boolean early = System.currentTimeMillis() < t0 + deadlineMs;
                Thread.sleep(Math.max(0, t0 + deadlineMs + 5_000 - System.currentTimeMillis()));
                w.write("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return early;
              } catch (java.io.IOException e) {
                return false; // the job never read it: opened by the test below
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    Map<String, String> withDeadline = new HashMap<>(settings);
    withDeadline.put("job.mode", "incremental");
    withDeadline.put("job.deadline", deadlineMs + "ms");
    RestoreSummary s = IncrementalRunTest.run(in, tmp.resolve("out"), withDeadline);
    if (!readBeforeDeadline.isDone()) {
      new java.io.FileInputStream(pipe.toFile()).close(); // releases the writer: never read
    }
    assertTrue(
        readBeforeDeadline.get(), "the job reached the pipe before its deadline: " + s.line());
    assertEquals(
        Map.of("pipe.png", "failed"),
        IncrementalRunTest.relative(
            IncrementalRunTest.statuses(spark, tmp.resolve("out"), s.runId())));
    assertEquals(List.of(8L, 1L, 0L, 7L), counts(s));
    assertEquals(7, IncrementalRunTest.record(tmp.resolve("out"), s.runId()).remaining());
  }

  private static List<Long> counts(RestoreSummary s) {
    return List.of(s.inputs(), s.processed(), s.unchanged(), s.remaining());
  }
}
