package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.job.JobSpark;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RestoreSummary;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Section (c): the same N images through the Spark job ({@link RestoreJob}, local mode) and
 * through a plain loop over the same stages in one thread; images/s of each and their ratio.
 * Both warm up first (model load, oneDNN primitives, JIT), so the figures are steady-state
 * throughput; the job's figure includes everything a run does (listing, planning, the Parquet
 * manifest commit, the summary).
 */
final class JobSection {
  private static final String[] STAGE_COLUMNS = {
    "ms_read", "ms_decode", "ms_preprocess", "ms_detect", "ms_restore", "ms_postprocess",
    "ms_encode", "ms_write", "ms_metrics"
  };

  private JobSection() {}

  static Path inputs(BenchOptions o) {
    return Workload.inputs(o, "job-in", o.jobImages);
  }

  static Path jobOutput(BenchOptions o) {
    return o.scratch.resolve("job-out");
  }

  /** The Spark half: a warm-up run, then the timed run, in a session of --job-master. */
  static Map<String, Object> spark(BenchOptions o) {
    Path in = inputs(o);
    Path warmIn = Workload.inputs(o, "job-warm-in", Math.min(o.jobImages, 4));
    JobConfig config = Workload.config(o, in, jobOutput(o), o.jobSize);
    Map<String, String> sparkSettings = new LinkedHashMap<>(config.sparkSettings());
    sparkSettings.putIfAbsent("spark.master", o.jobMaster); // --set spark.master=… wins, as before
    try (JobSpark session = JobSpark.open("gpen-bench", sparkSettings, false)) {
      return spark(o, session.spark(), warmIn, config);
    }
  }

  private static Map<String, Object> spark(BenchOptions o, SparkSession spark, Path warmIn, JobConfig config) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("master", spark.sparkContext().master());
    r.put("images", o.jobImages);
    r.put("loadBefore", Machine.load());
    Bench.log("job: warm-up run (%s)", spark.sparkContext().master());
    // One image per task, so every task slot has run (and set up) its model before timing.
    Workload.job(spark, o, warmIn, o.scratch.resolve("job-warm-out"), o.jobSize)
        .set("input.images-per-partition", "1").execute();
    Bench.log("job: %d images", o.jobImages);
    long t0 = System.nanoTime();
    RestoreSummary summary = RestoreJob.of(spark, config).execute();
    double seconds = (System.nanoTime() - t0) / 1e9;
    r.put("seconds", seconds);
    r.put("imagesPerSecond", o.jobImages / seconds);
    r.put("summary", summary.line());
    r.put("faces", summary.faces());
    r.put("byStatus", summary.byStatus());
    r.put("intraOpThreads", Torch.intraOpThreads());
    r.put("stageMsMean", stageMeans(spark, summary));
    r.put("loadAfter", Machine.load());
    Bench.log("  %.2f images/s (%.1f s)", o.jobImages / seconds, seconds);
    return r;
  }

  private static Map<String, Object> stageMeans(SparkSession spark, RestoreSummary summary) {
    Dataset<Row> rows = ManifestReader.all(spark, summary.manifest())
        .where(functions.col(ManifestSchema.RUN_ID).equalTo(summary.runId()));
    List<Column> means = new ArrayList<>();
    for (String c : STAGE_COLUMNS) {
      means.add(functions.avg(c));
    }
    Row row = rows.agg(means.get(0), means.subList(1, means.size()).toArray(new Column[0])).first();
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < STAGE_COLUMNS.length; i++) {
      m.put(STAGE_COLUMNS[i].substring(3), row.isNullAt(i) ? null : row.getDouble(i));
    }
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
        pipelines.add(new StagePipeline(config, hadoop, Workload.qualified(in, hadoop), Workload.qualified(out, hadoop)));
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
        work.add(() -> {
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
   * difference of any channel of any pixel, and the pixels that differ at all (the intra-op
   * thread counts differ, so float sums may round differently).
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
        // Pixels, not bytes: the job's outputs name its run in their provenance XMP, the loop's do not.
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
