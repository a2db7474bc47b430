package io.gpenspark.job;

import com.typesafe.config.ConfigUtil;
import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.ImagePathFilter;
import io.gpenspark.listing.InputFile;
import io.gpenspark.listing.InputLister;
import io.gpenspark.listing.SerializableConfiguration;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ProcessingSpan;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.model.IntraOpThreads;
import io.gpenspark.model.ModelCache;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.pipeline.PhotoPipeline;
import java.io.File;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The restoration job as one Spark action: list the inputs on the driver (bounded, fanned out for
 * deep trees), spread them over partitions, restore each image on the executors with per-JVM
 * resources, and commit one manifest row per input through Spark's Parquet writer.
 */
public final class RestoreJob {
  public static final String VERSION = PhotoPipeline.VERSION;

  private final SparkSession spark;
  private final JobConfig composed;
  private File confFile;
  private final Map<String, String> options = new LinkedHashMap<>();

  private RestoreJob(SparkSession spark, JobConfig composed) {
    this.spark = spark;
    this.composed = composed;
  }

  /**
   * The job with reference.conf's defaults; set what differs with the options below. {@code spark}
   * may be null to compose and check a configuration ({@link #config()}) only.
   */
  public static RestoreJob of(SparkSession spark) {
    return new RestoreJob(spark, null);
  }

  /** The job with a configuration already composed (the command line's --conf and --set). */
  public static RestoreJob of(SparkSession spark, JobConfig config) {
    return new RestoreJob(spark, config);
  }

  /** A HOCON file over the defaults; the options set here go over it. */
  public RestoreJob conf(File file) {
    this.confFile = file;
    return this;
  }

  /** input.uri: directory, prefix or glob of photos (any Hadoop FS). */
  public RestoreJob input(String uri) {
    return set("input.uri", ConfigUtil.quoteString(uri));
  }

  /** output.uri: where restored photos go, at the same relative paths. */
  public RestoreJob output(String uri) {
    return set("output.uri", ConfigUtil.quoteString(uri));
  }

  /** manifest.uri (default {@code <output>/_manifest}). */
  public RestoreJob manifest(String uri) {
    return set("manifest.uri", ConfigUtil.quoteString(uri));
  }

  /**
   * metrics.reference: ground truth at the inputs' relative paths, to measure PSNR/SSIM against.
   */
  public RestoreJob metricsReference(String uri) {
    return set("metrics.reference", ConfigUtil.quoteString(uri));
  }

  /** Any key of reference.conf, its value as HOCON (as {@code --set key=value} takes it). */
  public RestoreJob set(String key, String value) {
    options.put(key, value);
    return this;
  }

  /** Every key of {@code settings}, as {@link #set}. */
  public RestoreJob setAll(Map<String, String> settings) {
    options.putAll(settings);
    return this;
  }

  /**
   * The configuration the job runs with: reference.conf, the {@link #conf} file, then the options
   * (the later of two settings of a key wins); checked, so a bad key or value stops here.
   */
  public JobConfig config() {
    if (composed != null) {
      if (confFile != null || !options.isEmpty()) {
        throw new IllegalStateException("options set on a job made from a composed configuration");
      }
      return composed;
    }
    return JobConfig.load(confFile, options);
  }

  public RestoreSummary execute() {
    long t0 = System.nanoTime();
    JobConfig config = config();
    ConfigReader cfg = config.reader();
    RunSettings run = RunSettings.from(cfg);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    String modelId = validateStages(config, hadoop, run.runId(), !spark.sparkContext().isLocal());
    String outputRoot = ImageStorage.qualified(run.output(), hadoop);
    RunIdentity identity = new RunIdentity(run.runId(), "driver", config.hash(), modelId, VERSION);

    sc.setJobGroup(
        run.jobName() + "-" + run.runId(),
        "gpen-spark " + run.mode() + " restore of " + run.input() + " into " + run.output(),
        false);
    try {
      describe(sc, "list " + run.input());
      // Everything the job writes is under the output or the manifest: never list them as inputs.
      InputLister.Listing listing =
          new InputLister(sc, new ImagePathFilter(run.extensions()), run.driverListingMaxDirs())
              .list(run.input(), List.of(run.output(), run.manifest()));
      Dataset<Row> listed =
          spark
              .createDataFrame(listing.files().map(RestoreJob::toListedRow), RunPlan.LISTED_SCHEMA)
              .persist(StorageLevel.MEMORY_AND_DISK());
      long total = listed.count();
      WriteCheck.probe(run.output(), run.runId(), hadoop);
      WriteCheck.probe(run.manifest(), run.runId(), hadoop);

      describe(sc, "plan the " + run.mode() + " run against " + run.manifest());
      RunPlan plan =
          RunPlan.of(run.mode(), run.retryFailed(), spark, run.manifest(), listed, identity);
      JavaRDD<InputFile> work =
          plan.toProcess()
              .javaRDD()
              .map(RestoreJob::toInputFile)
              .persist(StorageLevel.MEMORY_AND_DISK());
      long toProcess = work.count();
      int partitions = run.partitions(toProcess, sc.defaultParallelism());

      OutputPaths paths = new OutputPaths(listing.root(), outputRoot, OutputFormat.from(cfg));
      Broadcast<SerializableConfiguration> bconf =
          sc.broadcast(new SerializableConfiguration(hadoop));
      // The images in flight per task attempt; cleared first in case this run id ran before.
      String journal = outputRoot + "/_journal/" + run.runId();
      InFlightJournal.clear(journal, hadoop);
      LostAttempts lost = new LostAttempts(journal, hadoop);
      sc.sc().addSparkListener(lost);
      try (Progress progress = Progress.start(sc.sc(), toProcess, run.progressSeconds())) {
        JavaRDD<Row> rows =
            work.repartition(partitions)
                .mapPartitions(
                    new RestorePartition(
                        config, run, paths, identity, bconf, progress.counters(), journal));
        describe(
            sc,
            "restore "
                + toProcess
                + " of "
                + total
                + " images, commit the manifest "
                + run.manifest());
        spark
            .createDataFrame(rows, ManifestSchema.SCHEMA)
            .unionByName(plan.skipped())
            .write()
            .mode(SaveMode.Append)
            .partitionBy(ManifestSchema.RUN_ID)
            .parquet(run.manifest());
        InFlightJournal.clear(journal, hadoop); // committed: nothing in it matters any more
      } finally {
        sc.sc().removeSparkListener(lost);
        work.unpersist(false);
        listed.unpersist(false);
      }
      return summarize(run, total, (System.nanoTime() - t0) / 1e9, skippedUnderInput(run, listing));
    } finally {
      sc.clearJobGroup();
      ModelCache.releaseIdle(); // the run's models: in local mode the executors are this JVM
    }
  }

  /** Names the Spark jobs that follow, so the Spark UI reads as the run's steps. */
  private static void describe(JavaSparkContext sc, String what) {
    sc.setLocalProperty("spark.job.description", what);
  }

  private static Row toListedRow(InputFile f) {
    return RowFactory.create(f.path(), f.size(), new Timestamp(f.modified()));
  }

  private static InputFile toInputFile(Row r) {
    return new InputFile(r.getString(0), r.getLong(1), r.getTimestamp(2).getTime());
  }

  /**
   * Builds the pipeline on the driver, so a broken configuration or an unusable model stops the job
   * before any work. In local mode the executors share its models; on a cluster the driver holds
   * one extra copy of them for the run, on its CPU in fp32 ({@code clusterDriver}): the executors
   * choose their devices, and refuse one that cannot run the precision.
   */
  private static String validateStages(
      JobConfig config, Configuration hadoop, String runId, boolean clusterDriver) {
    try (PhotoPipeline p = pipeline(config, hadoop, runId).driverCheck(clusterDriver).build()) {
      return p.modelId();
    }
  }

  /**
   * The photo pipeline of a run on this JVM, its models shared by the run's tasks here; PyTorch's
   * intra-op threads are split between this JVM's task slots first.
   */
  static PhotoPipeline.Builder pipeline(JobConfig config, Configuration hadoop, String runId) {
    IntraOpThreads.configure(ModelSettings.from(config.reader()), TaskSlots.here());
    return PhotoPipeline.builder(config).hadoop(hadoop).run(runId);
  }

  /**
   * Which of the job's folders (output, manifest) the listing left out of the input: for the
   * summary.
   */
  private static List<String> skippedUnderInput(RunSettings run, InputLister.Listing listing) {
    List<String> under = listing.excludedUnderInput();
    boolean manifestInOutput = run.manifest().startsWith(run.output() + "/");
    List<String> names = new ArrayList<>();
    if (under.contains(run.output())) {
      names.add("output");
    }
    if (under.contains(run.manifest()) && !(manifestInOutput && names.contains("output"))) {
      names.add("manifest");
    }
    return names;
  }

  /**
   * The run's counts, read back from the committed manifest. The manifest is the truth: if it
   * cannot be read back right now (storage trouble after the commit), the run still succeeded and
   * the summary says the counts are unavailable.
   */
  private RestoreSummary summarize(
      RunSettings run, long total, double seconds, List<String> skipped) {
    try {
      return countFromManifest(run, total, seconds, skipped);
    } catch (RuntimeException e) {
      return new RestoreSummary(
          run.runId(),
          total,
          Map.of("counts unavailable: " + e.getClass().getSimpleName(), total),
          0,
          seconds,
          0,
          skipped,
          run.manifest());
    }
  }

  private RestoreSummary countFromManifest(
      RunSettings run, long total, double seconds, List<String> skipped) {
    Map<String, Long> byStatus = new HashMap<>();
    long faces = 0;
    double processingSeconds = 0;
    if (total > 0) {
      Dataset<Row> thisRun =
          ManifestReader.all(spark, run.manifest())
              .where(functions.col(ManifestSchema.RUN_ID).equalTo(run.runId()));
      for (Row r :
          thisRun
              .groupBy(ManifestSchema.STATUS)
              .agg(functions.count("*"), functions.sum("faces"))
              .collectAsList()) {
        byStatus.put(r.getString(0), r.getLong(1));
        faces += r.isNullAt(2) ? 0 : r.getLong(2);
      }
      processingSeconds = ProcessingSpan.seconds(thisRun);
    }
    return new RestoreSummary(
        run.runId(), total, byStatus, faces, seconds, processingSeconds, skipped, run.manifest());
  }
}
