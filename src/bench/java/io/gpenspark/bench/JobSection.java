package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.job.JobSpark;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Section (c): the same N images through the Spark job, launched as users launch it, and through a
 * plain loop over the same stages; images/s of each and their ratio. The loop warms up first (model
 * load, oneDNN primitives, JIT); the job runs cold, as a user's run does. The job's images/s is
 * that of its summary (listing, planning, the forwards, the Parquet manifest commit), its launch
 * figure adds the JVMs' and Spark's start.
 */
final class JobSection {
  private static final String[] STAGE_COLUMNS = {
    "ms_read",
    "ms_decode",
    "ms_preprocess",
    "ms_detect",
    "ms_restore",
    "ms_postprocess",
    "ms_encode",
    "ms_write",
    "ms_metrics"
  };

  private JobSection() {}

  static Path inputs(BenchOptions o) {
    return Workload.inputs(o, "job-in", o.jobImages);
  }

  /** Executor memory of the standalone run (the worker offers as much). */
  private static final String EXECUTOR_MEMORY = "4g";

  static Path jobOutput(BenchOptions o) {
    return o.scratch.resolve("job-out");
  }

  /**
   * The Spark half: the job launched as users launch it (--job-master: submit/restore-local, or the
   * cluster template on a local standalone master), cold, in its own JVMs; its figures are its
   * summary line and its manifest rows.
   */
  static Map<String, Object> spark(BenchOptions o) throws IOException, InterruptedException {
    Path in = inputs(o);
    Map<String, String> settings = Workload.settings(o, o.jobSize);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("images", o.jobImages);
    r.put("loadBefore", Machine.load());
    JobLaunch.Result run;
    if (o.jobMaster.equals("standalone")) {
      int cores = Runtime.getRuntime().availableProcessors();
      try (Standalone cluster =
          Standalone.start(o.scratch.resolve("standalone"), cores, EXECUTOR_MEMORY)) {
        r.put("master", "submit/spark-submit.template, standalone " + cluster.url());
        run = cluster.submit(clusterJar(), in, jobOutput(o), settings, cores, EXECUTOR_MEMORY);
      }
    } else {
      r.put("master", "submit/restore-local");
      run = JobLaunch.run(JobLaunch.restoreLocal(in, jobOutput(o), settings), Map.of());
    }
    r.put("summary", run.summary());
    r.put("seconds", run.jobSeconds());
    r.put("imagesPerSecond", o.jobImages / run.jobSeconds());
    // The users' wall clock: the JVMs' and Spark's start and the model's first load included.
    r.put("launchSeconds", run.seconds());
    r.put("launchImagesPerSecond", o.jobImages / run.seconds());
    try (JobSpark session =
        JobSpark.open("gpen-bench-manifest", Map.of("spark.master", "local[1]"), false)) {
      r.putAll(
          manifestFigures(
              ManifestReader.all(session.spark(), run.manifest())
                  .where(functions.col(ManifestSchema.RUN_ID).equalTo(run.runId()))));
    }
    r.put("loadAfter", Machine.load());
    Bench.log(
        "  %.2f images/s (job %.1f s, launch to exit %.1f s)",
        o.jobImages / run.jobSeconds(), run.jobSeconds(), run.seconds());
    return r;
  }

  /** target/gpen-spark-*-cluster.jar, which the standalone run submits. */
  private static Path clusterJar() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("gpen-spark-.*-cluster\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no target/gpen-spark-*-cluster.jar: build it with mvn -B -DskipTests package"));
    }
  }

  /**
   * Faces, rows by status, the mean ms of each stage, and ms_restore per face over images with
   * faces.
   */
  private static Map<String, Object> manifestFigures(Dataset<Row> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> byStatus = new TreeMap<>();
    for (Row s : rows.groupBy(ManifestSchema.STATUS).count().collectAsList()) {
      byStatus.put(s.getString(0), s.getLong(1));
    }
    List<Double> perFace = new ArrayList<>();
    long faces = 0;
    // In the order processed: each task's first forward (oneDNN's set-up) is the cold one.
    for (Row f : rows.orderBy("processed_at").select("faces", "ms_restore").collectAsList()) {
      faces += f.getInt(0);
      if (f.getInt(0) > 0 && !f.isNullAt(1)) {
        perFace.add(((Number) f.get(1)).doubleValue() / f.getInt(0));
      }
    }
    m.put("faces", faces);
    m.put("byStatus", byStatus);
    m.put("restoreMsPerFace", Stats.of(perFace).json());
    m.put("restoreMsPerFaceInOrder", perFace);
    List<Column> means = new ArrayList<>();
    for (String c : STAGE_COLUMNS) {
      means.add(functions.avg(c));
    }
    Row row = rows.agg(means.get(0), means.subList(1, means.size()).toArray(new Column[0])).first();
    Map<String, Object> stages = new LinkedHashMap<>();
    for (int i = 0; i < STAGE_COLUMNS.length; i++) {
      stages.put(STAGE_COLUMNS[i].substring(3), row.isNullAt(i) ? null : row.getDouble(i));
    }
    m.put("stageMsMean", stages);
    return m;
  }

  /**
   * The loop half: the same inputs, the same configuration, {@code callers} threads each calling
   * its own stages (own detector and model, as task threads have their own predictors) on the next
   * image not yet taken; then the outputs are compared with the job's (when the job ran first).
   */
  static Map<String, Object> loop(BenchOptions o, int callers) throws Exception {
    Configuration hadoop = new Configuration();
    Path in = inputs(o);
    Path out = o.scratch.resolve("loop-out-" + callers);
    JobConfig config = Workload.config(o, in, out, o.jobSize);
    List<InputFile> files = Workload.files(in, hadoop);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("callers", callers);
    r.put("images", files.size());
    r.put("loadBefore", Machine.load());
    List<StagePipeline> pipelines = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      for (int c = 0; c < callers; c++) {
        pipelines.add(
            new StagePipeline(
                config, hadoop, Workload.qualified(in, hadoop), Workload.qualified(out, hadoop)));
      }
      Bench.log("loop: %d thread(s), warm-up image each", callers);
      List<Callable<Integer>> warm = new ArrayList<>();
      for (StagePipeline p : pipelines) {
        warm.add(() -> p.process(files.get(0)).faces());
      }
      for (Future<Integer> f : pool.invokeAll(warm)) {
        f.get();
      }
      Bench.log("loop: %d images", files.size());
      AtomicInteger next = new AtomicInteger();
      List<Callable<Integer>> work = new ArrayList<>();
      for (StagePipeline p : pipelines) {
        work.add(
            () -> {
              int faces = 0;
              for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                faces += p.process(files.get(i)).faces();
              }
              return faces;
            });
      }
      long t0 = System.nanoTime();
      int faces = 0;
      for (Future<Integer> f : pool.invokeAll(work)) {
        faces += f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      r.put("seconds", seconds);
      r.put("imagesPerSecond", files.size() / seconds);
      r.put("faces", faces);
      r.put("intraOpThreads", Torch.intraOpThreads());
      Bench.log("  %.2f images/s (%.1f s)", files.size() / seconds, seconds);
    } finally {
      pool.shutdownNow();
      pipelines.forEach(StagePipeline::close);
    }
    r.put("loadAfter", Machine.load());
    if (Files.isDirectory(jobOutput(o))) {
      r.put("sameAsJob", compare(jobOutput(o), out));
    }
    return r;
  }

  /**
   * The job's outputs against the loop's, file by file: how many exist in both, the largest
   * difference of any channel of any pixel, and the pixels that differ at all (the intra-op thread
   * counts differ, so float sums may round differently).
   */
  static Map<String, Object> compare(Path jobOut, Path loopOut) throws IOException {
    OpenCv.load();
    int files = 0;
    int identical = 0;
    double maxDiff = 0;
    long differing = 0;
    try (Stream<Path> s = Files.list(loopOut)) {
      for (Path loopFile : s.filter(Files::isRegularFile).sorted().toList()) {
        Path jobFile = jobOut.resolve(loopFile.getFileName());
        if (!Files.isRegularFile(jobFile)) {
          continue;
        }
        files++;
        // Pixels, not bytes: the job's outputs name its run in their provenance XMP, the loop's do
        // not.
        Mat a = Imgcodecs.imread(jobFile.toString(), Imgcodecs.IMREAD_UNCHANGED);
        Mat b = Imgcodecs.imread(loopFile.toString(), Imgcodecs.IMREAD_UNCHANGED);
        Mat diff = new Mat();
        Core.absdiff(a, b, diff);
        maxDiff = Math.max(maxDiff, Core.minMaxLoc(diff.reshape(1)).maxVal);
        int changed = Core.countNonZero(diff.reshape(1));
        differing += changed;
        identical += changed == 0 ? 1 : 0;
        a.release();
        b.release();
        diff.release();
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", files);
    m.put("samePixelFiles", identical);
    m.put("maxChannelDiff", maxDiff);
    m.put("differingChannelValues", differing);
    return m;
  }
}
