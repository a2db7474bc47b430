package io.gpenspark.bench;

import io.gpenspark.job.JobSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Section (e): what a nightly incremental run that finds nothing new costs against archive size.
 * For each N (and a tiny baseline) it launches {@code submit/restore-local --mode incremental} as
 * users do, driver heap capped ({@code --scale-heap}), over an archive of N images whose manifest
 * already holds a full run's rows for every one of them ({@link PriorState}); the run must find all
 * N unchanged, else the bench fails. Per N: launch-to-exit, the run's own seconds, its list and
 * plan seconds and heap peak (its run record, when the job writes one), the java process's peak RSS
 * and CPU, and the timeline of its Spark jobs (event log); then the marginal cost per input above
 * the baseline, the growth exponent and the verdict against the targets.
 */
final class ScaleSection {
  /** Targets (issue 13): planning cost per input and driver heap at the largest size. */
  static final double TARGET_MS_PER_INPUT = 0.2;

  static final double TARGET_HEAP_MIB = 1024;

  private static final String ARCHIVE =
      "archive: one 64x64 faceless JPEG of %,d bytes written N times, %,d a folder (box-0001/scan-000001.jpg);"
          + " planning never decodes an image, so copies cost what distinct scans would";
  private static final String STATE =
      "prior state: a real full run of the job over %d of these images with the same settings (run %s,"
          + " status %s, config %s); its row, with each file's own path, size, mtime and output path,"
          + " for every file of an N archive, written with Spark in one Parquet file per partition a full"
          + " run over N has (input.images-per-partition %d; checked: the rows it makes for that"
          + " run's own files equal that run's)";

  private ScaleSection() {}

  /** The settings of every run: detection only (no GPEN, no pre/post-processing), then --set. */
  static Map<String, String> settings(BenchOptions o) {
    Map<String, String> m = new LinkedHashMap<>();
    // Normalised: the path is in the config hash, which keys the kept prior manifests, so every
    // checkout of the repository (../shared from each) finds them.
    m.put("detect.model", o.detectorFile().toAbsolutePath().normalize().toString());
    m.put("restore.enabled", "false");
    m.put("preprocess.enabled", "false");
    m.put("postprocess.enabled", "false");
    m.putAll(o.settings);
    return m;
  }

  static Map<String, Object> run(BenchOptions o) throws Exception {
    Path root = Files.createDirectories(o.work.resolve("scale").toAbsolutePath());
    Map<String, String> settings = settings(o);
    TreeSet<Integer> all = new TreeSet<>(o.scaleSizes);
    all.add(o.scaleBaseline);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("work", root.toString());
    r.put("heap", o.scaleHeap);
    r.put("settings", settings);
    r.put("baseline", o.scaleBaseline);
    r.put(
        "archive",
        String.format(Locale.ROOT, ARCHIVE, ScaleArchive.jpeg().length, ScaleArchive.PER_FOLDER));

    Map<Integer, Path> inputs = new LinkedHashMap<>();
    for (int n : all) {
      inputs.put(n, ScaleArchive.ensure(root.resolve("n-" + n), n));
    }
    Map<Integer, Path> priors = new LinkedHashMap<>();
    try (JobSpark spark = JobSpark.open("gpen-bench-scale", Map.of(), false)) {
      PriorState.Template t =
          PriorState.realRun(spark.spark(), root.resolve("prior-run"), settings);
      r.put("priorRun", t.json());
      r.put(
          "state",
          String.format(
              Locale.ROOT,
              STATE,
              PriorState.PRIOR_RUN_INPUTS,
              t.runId(),
              t.row().getString(t.row().fieldIndex("status")),
              t.configHash(),
              t.imagesPerPartition()));
      for (int n : all) {
        priors.put(
            n,
            PriorState.manifest(
                spark.spark(), t, root.resolve("n-" + n), inputs.get(n), n, settings));
      }
    }

    List<Map<String, Object>> runs = new ArrayList<>();
    r.put("loadBefore", Machine.load());
    for (int n : all) {
      runs.add(measure(o, n, root.resolve("n-" + n), inputs.get(n), priors.get(n), settings));
    }
    r.put("loadAfter", Machine.load());
    r.put("runs", runs);
    r.putAll(ScaleVerdict.of(o.scaleBaseline, runs));
    return r;
  }

  /** One nothing-new incremental run over the N archive, from its prior state. */
  private static Map<String, Object> measure(
      BenchOptions o, int n, Path dir, Path in, Path prior, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path out = dir.resolve("out");
    PriorState.reset(out, prior);
    Path events = dir.resolve("events");
    Bench.deleteTree(events);
    Files.createDirectories(events);
    Path gc = dir.resolve("gc.log");
    Files.deleteIfExists(gc);
    Map<String, String> logged = new LinkedHashMap<>(settings);
    logged.put("spark.eventLog.enabled", "true");
    logged.put("spark.eventLog.dir", events.toUri().toString());
    List<String> cmd = JobLaunch.restoreLocal(in, out, logged, "--mode", "incremental");
    Map<String, String> env =
        Map.of("GPEN_SPARK_JAVA_OPTS", "-Xmx" + o.scaleHeap + " " + GcLog.jvmOption(gc));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("n", n);
    r.put("loadBefore", Machine.load());
    long[] launchMs = {0};
    JvmWatch[] watch = {null};
    JobLaunch.Result run;
    try {
      run =
          JobLaunch.run(
              cmd,
              env,
              p -> {
                launchMs[0] = System.currentTimeMillis();
                watch[0] = JvmWatch.of(p);
              });
    } catch (IllegalStateException e) { // the job failed (e.g. out of heap): a figure too
      r.put("error", e.getMessage());
      r.putAll(memory(watch[0], gc));
      r.put("loadAfter", Machine.load());
      Bench.log("scale: N=%d failed: %s", n, e.getMessage());
      return r;
    } finally {
      if (watch[0] != null) {
        watch[0].close();
      }
    }
    long exitMs = System.currentTimeMillis();
    RunFigures f = RunFigures.of(out, run);
    if (f.inputs() != n || f.toProcess() != 0 || f.unchanged() != n) {
      throw new IllegalStateException(
          String.format(
              "the nothing-new run over %d inputs found %d inputs, %d to process, %d unchanged (%s):"
                  + " the prior state is not what a full run leaves; %s",
              n, f.inputs(), f.toProcess(), f.unchanged(), f.source(), run.summary()));
    }
    r.put("runId", run.runId());
    r.put("summary", run.summary());
    r.put("launchSeconds", run.seconds());
    r.put("run", f.json());
    r.putAll(memory(watch[0], gc));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (SparkEventLog.Step s : SparkEventLog.timeline(events, launchMs[0], exitMs)) {
      steps.add(s.json());
    }
    r.put("timeline", steps);
    r.put("loadAfter", Machine.load());
    Bench.log(
        "scale: N=%d  run %.1f s, launch to exit %.1f s, peak RSS %.0f MiB",
        n, f.seconds(), run.seconds(), Bench.number(r, "peakRssMiB"));
    return r;
  }

  private static Map<String, Object> memory(JvmWatch watch, Path gc) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peakRssMiB", watch == null ? null : finite(watch.peakRssMiB()));
    m.put("cpuSeconds", watch == null ? null : finite(watch.cpuSeconds()));
    m.put("gc", GcLog.read(gc).json());
    return m;
  }

  /** NaN as JSON null. */
  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
