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
import io.gpenspark.listing.Inputs;
import io.gpenspark.listing.SerializableConfiguration;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ManifestStore;
import io.gpenspark.manifest.ParquetFolder;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.model.IntraOpThreads;
import io.gpenspark.model.ModelCache;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.pipeline.PhotoPipeline;
import java.io.File;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The restoration job as one Spark action: list the inputs on the driver (bounded, fanned out for
 * deep trees), plan against the manifest what needs work, spread it oldest first over partitions,
 * restore each image on the executors with per-JVM resources, and commit one manifest row per
 * processed input through Spark's Parquet writer. Every run ends with its {@link RunRecord} under
 * the output, also when it fails; a run with nothing to do starts no processing and writes no row.
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

  /** input.list: a list of input paths, or an S3 Inventory manifest.json. */
  public RestoreJob inputList(String uri) {
    return set("input.list", ConfigUtil.quoteString(uri));
  }

  /** input.table: a table or view of Spark's catalog with a column of input paths. */
  public RestoreJob inputTable(String name) {
    return set("input.table", ConfigUtil.quoteString(name));
  }

  /** output.uri: where restored photos go, at the same relative paths. */
  public RestoreJob output(String uri) {
    return set("output.uri", ConfigUtil.quoteString(uri));
  }

  /** manifest.uri (default {@code <output>/_manifest}). */
  public RestoreJob manifest(String uri) {
    return set("manifest.uri", ConfigUtil.quoteString(uri));
  }

  /** manifest.table: the manifest as a table of a configured Spark catalog (catalog.db.table). */
  public RestoreJob manifestTable(String name) {
    return set("manifest.table", ConfigUtil.quoteString(name));
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
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    JobConfig config = config();
    ConfigReader cfg = config.reader();
    RunSettings run = RunSettings.from(cfg);
    ManifestStore manifest = ManifestStore.of(cfg, run.manifest()).check(spark);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    String outputRoot = ImageStorage.qualified(run.output(), hadoop);
    String group = run.jobName() + "-" + run.runId();
    sc.setJobGroup(
        group,
        "gpen-spark " + run.mode() + " restore of " + run.input() + " into " + run.output(),
        false);
    try {
      // A configuration or model that cannot work stops the job here, before it writes anything.
      String modelId = validateStages(config, hadoop, run.runId(), !spark.sparkContext().isLocal());
      // From here on the run leaves a record under the output, whatever happens.
      RunLedger ledger =
          new RunLedger(run, manifest, hadoop, config.hash(), modelId, startedAt, t0);
      try {
        List<String> skipped =
            run(
                config,
                run,
                manifest,
                modelId,
                Deadline.after(startedAt, run.deadline()),
                outputRoot,
                group,
                ledger);
        RunRecord record = ledger.succeeded();
        RunLedger.write(record, outputRoot, hadoop);
        manifest.appendRunRecord(spark, RunRecord.SCHEMA, record.toRow()); // a table's runs
        return RestoreSummary.of(record, manifest.location(), ledger.processingSeconds(), skipped);
      } catch (RuntimeException | Error e) {
        try {
          RunRecord failed = ledger.failed(e);
          RunLedger.write(failed, outputRoot, hadoop);
          manifest.appendRunRecord(spark, RunRecord.SCHEMA, failed.toRow());
        } catch (RuntimeException recordFailed) {
          e.addSuppressed(recordFailed);
        }
        throw e;
      }
    } finally {
      sc.clearJobGroup();
      ModelCache.releaseIdle(); // the run's models: in local mode the executors are this JVM
    }
  }

  /**
   * Lists, plans and processes; returns which of the job's folders the listing left out of the
   * input. What it learns goes into {@code ledger}. With nothing to process (or the deadline past
   * before processing starts) no processing stage runs and nothing is written to the manifest.
   */
  private List<String> run(
      JobConfig config,
      RunSettings run,
      ManifestStore manifest,
      String modelId,
      Deadline deadline,
      String outputRoot,
      String group,
      RunLedger ledger) {
    Inputs inputs = Inputs.from(config.reader()); // input.list / input.table checked first
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    RunIdentity identity = new RunIdentity(run.runId(), "driver", config.hash(), modelId, VERSION);

    describe(sc, inputs.describe(run.input()));
    // Everything the job writes is under the output or the manifest: never list them as inputs.
    InputLister.Listing listing =
        inputs.list(
            spark,
            run.input(),
            new ImagePathFilter(run.extensions()),
            run.driverListingMaxDirs(),
            List.of(run.output(), run.manifest()));
    Dataset<Row> listed =
        spark
            .createDataFrame(listing.files().map(RestoreJob::toListedRow), RunPlan.LISTED_SCHEMA)
            .persist(StorageLevel.MEMORY_AND_DISK());
    RunPlan plan = null;
    try {
      long total = listed.count();
      ledger.listed(total);
      WriteCheck.probe(run.output(), run.runId(), hadoop);
      if (manifest instanceof ParquetFolder folder) {
        WriteCheck.probe(folder.uri(), run.runId(), hadoop);
      }

      describe(sc, "plan the " + run.mode() + " run against " + manifest.location());
      plan = RunPlan.of(run.mode(), run.retryFailed(), spark, manifest, listed, identity).persist();
      long needed = plan.toProcess().count();
      long count = run.maxImages() > 0 ? Math.min(needed, run.maxImages()) : needed;
      JavaRDD<InputFile> work =
          count == 0
              ? null
              : OrderedPartitions.of(
                  plan.oldestFirst(run.maxImages()).javaRDD().map(RestoreJob::toInputFile),
                  count,
                  run.partitions(count, sc.defaultParallelism()));
      ledger.planned(needed);
      if (work != null && !deadline.passed()) {
        process(
            config,
            run,
            manifest,
            deadline,
            outputRoot,
            group,
            identity,
            listing,
            work,
            count,
            ledger);
      }
      return skippedUnderInput(run, listing);
    } finally {
      if (plan != null) {
        plan.toProcess().unpersist(false);
      }
      listed.unpersist(false);
    }
  }

  /** Restores {@code work} ({@code count} inputs) and commits their rows to the manifest. */
  private void process(
      JobConfig config,
      RunSettings run,
      ManifestStore manifest,
      Deadline deadline,
      String outputRoot,
      String group,
      RunIdentity identity,
      InputLister.Listing listing,
      JavaRDD<InputFile> work,
      long count,
      RunLedger ledger) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    OutputPaths paths =
        new OutputPaths(listing.root(), outputRoot, OutputFormat.from(config.reader()));
    Broadcast<SerializableConfiguration> bconf =
        sc.broadcast(new SerializableConfiguration(hadoop));
    // The images in flight per task attempt; cleared first in case this run id ran before.
    String journal = outputRoot + "/_journal/" + run.runId();
    InFlightJournal.clear(journal, hadoop);
    LostAttempts lost = new LostAttempts(journal, hadoop);
    sc.sc().addSparkListener(lost);
    RunTally tally = RunTally.register(sc.sc());
    try (Progress progress = Progress.start(sc.sc(), count, run.progressSeconds());
        JobEndClock jobs = JobEndClock.start(sc.sc(), group)) {
      JavaRDD<Row> rows =
          work.mapPartitions(
                  new RestorePartition(
                      config, run, paths, identity, bconf, progress.counters(), journal, deadline))
              .map(
                  r -> {
                    tally.add(r); // counted in the write's result stage: once per partition
                    return r;
                  });
      describe(
          sc,
          "restore "
              + count
              + " of "
              + ledger.inputsListed()
              + " images, commit the manifest "
              + manifest.location());
      manifest.append(spark.createDataFrame(rows, ManifestSchema.SCHEMA));
      ledger.processed(tally.value(), jobs.commitSeconds(System.currentTimeMillis()));
      InFlightJournal.clear(journal, hadoop); // committed: nothing in it matters any more
    } finally {
      sc.sc().removeSparkListener(lost);
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
}
