package io.gpenspark.bench;

import static org.apache.spark.sql.functions.col;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RunSettings;
import io.gpenspark.listing.ImagePathFilter;
import io.gpenspark.listing.InputFile;
import io.gpenspark.listing.InputLister;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The state a real earlier full run leaves, for the scale section's nothing-new runs. The real job
 * runs once in full mode over a small archive with the bench's settings; one of its rows is the
 * template ({@link PriorRows}) of every row of an N archive's prior manifest: the same run id,
 * outcome, config hash and model id, each file's own path, size, time and output path, written with
 * Spark in as many Parquet files as the full run would have written (one per partition of
 * input.images-per-partition images). The template is checked first: the rows it makes for the
 * small run's own files must equal that run's rows.
 */
final class PriorState {
  /** Inputs of the real full run whose rows are the template. */
  static final int PRIOR_RUN_INPUTS = 200;

  private static final String DONE = "prior.json";

  /** The real full run: its identity, one of its rows, how many rows and Parquet files it wrote. */
  record Template(
      String runId,
      String configHash,
      String modelId,
      String jobVersion,
      Row row,
      long rows,
      long files,
      int imagesPerPartition) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runId", runId);
      m.put("configHash", configHash);
      m.put("modelId", modelId);
      m.put("jobVersion", jobVersion);
      m.put("status", row.getString(row.fieldIndex(ManifestSchema.STATUS)));
      m.put("rows", rows);
      m.put("parquetFiles", files);
      m.put("imagesPerPartition", imagesPerPartition);
      return m;
    }
  }

  private PriorState() {}

  /**
   * Runs the job in full mode over {@link #PRIOR_RUN_INPUTS} images under {@code dir} with {@code
   * settings}, and checks that {@link PriorRows} rebuilds its rows from one of them.
   */
  static Template realRun(SparkSession spark, Path dir, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path in = ScaleArchive.ensure(dir, PRIOR_RUN_INPUTS);
    Path out = dir.resolve("out");
    Bench.deleteTree(out);
    JobLaunch.Result run =
        JobLaunch.run(JobLaunch.restoreLocal(in, out, settings, "--mode", "full"), Map.of());
    List<Row> rows =
        ManifestReader.all(spark, run.manifest())
            .where(col(ManifestSchema.RUN_ID).equalTo(run.runId()))
            .select(schemaColumns())
            .orderBy(ManifestSchema.INPUT_PATH)
            .collectAsList();
    long files;
    try (Stream<Path> s = Files.list(out.resolve("_manifest").resolve("run_id=" + run.runId()))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
    Row row = rows.get(0);
    int perPartition = RunSettings.from(config(settings, in, out)).imagesPerPartition();
    Template t =
        new Template(
            run.runId(),
            row.getString(row.fieldIndex("config_hash")),
            row.getString(row.fieldIndex("model_id")),
            row.getString(row.fieldIndex("job_version")),
            row,
            rows.size(),
            files,
            perPartition);
    if (rows.size() != PRIOR_RUN_INPUTS || files != fileCount(rows.size(), perPartition)) {
      throw new IllegalStateException(
          String.format(
              "the prior run wrote %d rows in %d Parquet files; the bench expects %d rows in %d"
                  + " (one file per input.images-per-partition = %d images)",
              rows.size(),
              files,
              PRIOR_RUN_INPUTS,
              fileCount(PRIOR_RUN_INPUTS, perPartition),
              perPartition));
    }
    checkRebuilds(spark, t, rows, in, out, settings);
    return t;
  }

  /**
   * {@code dir}/prior-manifest: the rows the template's run would have left for the {@code n}
   * images of {@code in}, kept while the template's config hash, model and job version stay the
   * same.
   */
  static Path manifest(
      SparkSession spark, Template t, Path dir, Path in, int n, Map<String, String> settings)
      throws IOException {
    Path manifest = dir.resolve("prior-manifest");
    Path done = dir.resolve(DONE);
    Map<String, Object> identity = identity(t, n);
    if (Files.isDirectory(manifest)
        && Files.isRegularFile(done)
        && Bench.readJson(done).equals(identity)) {
      return manifest;
    }
    Bench.log("scale: writing the prior manifest of %,d rows under %s", n, manifest);
    Files.deleteIfExists(done);
    Bench.deleteTree(manifest);
    Path out = dir.resolve("out");
    InputLister.Listing listing = list(spark, settings, in, out);
    PriorRows rows = priorRows(spark, t, listing, settings, in, out);
    JavaRDD<Row> built = listing.files().map(rows::rowFor);
    long count = built.count();
    if (count != n) {
      throw new IllegalStateException("listed " + count + " images under " + in + ", not " + n);
    }
    spark
        .createDataFrame(
            built.repartition(fileCount(n, t.imagesPerPartition())), ManifestSchema.SCHEMA)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(ManifestSchema.RUN_ID)
        .parquet(manifest.toAbsolutePath().toString());
    new com.fasterxml.jackson.databind.ObjectMapper().writeValue(done.toFile(), identity);
    return manifest;
  }

  /** Empties {@code out} and puts the prior manifest in {@code out}/_manifest. */
  static void reset(Path out, Path priorManifest) throws IOException {
    Bench.deleteTree(out);
    Path target = Files.createDirectories(out.resolve("_manifest"));
    try (Stream<Path> s = Files.walk(priorManifest)) {
      for (Path p : s.toList()) {
        Path to = target.resolve(priorManifest.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /**
   * Parquet files of a full run over {@code n} inputs: one per partition, as RestoreJob splits them
   * on this machine's cores (the launched job runs local[*]).
   */
  static int fileCount(long n, int imagesPerPartition) {
    return RunSettings.partitions(
        imagesPerPartition, n, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The template's rows for the prior run's own files must be that run's rows, but for the times
   * (which differ from row to row).
   */
  private static void checkRebuilds(
      SparkSession spark,
      Template t,
      List<Row> real,
      Path in,
      Path out,
      Map<String, String> settings) {
    InputLister.Listing listing = list(spark, settings, in, out);
    PriorRows rows = priorRows(spark, t, listing, settings, in, out);
    Map<String, InputFile> listed = new HashMap<>();
    listing.files().collect().forEach(f -> listed.put(f.path(), f));
    for (Row r : real) {
      String path = r.getString(r.fieldIndex(ManifestSchema.INPUT_PATH));
      InputFile f = listed.get(path);
      if (f == null) {
        throw new IllegalStateException("the bench's listing lacks the job's input " + path);
      }
      Row built = rows.rowFor(f);
      for (String c : ManifestSchema.SCHEMA.fieldNames()) {
        if (c.equals("processed_at") || c.startsWith("ms_")) { // times differ row to row
          continue;
        }
        Object a = r.get(r.fieldIndex(c));
        Object b = built.get(ManifestSchema.SCHEMA.fieldIndex(c));
        if (!java.util.Objects.equals(a, b)) {
          throw new IllegalStateException(
              "the prior rows would differ from a real run's: " + c + " " + b + " vs " + a);
        }
      }
    }
  }

  private static Map<String, Object> identity(Template t, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", n);
    m.put("configHash", t.configHash());
    m.put("modelId", t.modelId());
    m.put("jobVersion", t.jobVersion());
    m.put("status", t.row().getString(t.row().fieldIndex(ManifestSchema.STATUS)));
    m.put("imagesPerPartition", t.imagesPerPartition());
    return m;
  }

  /** The template's rows for the files of {@code listing}, outputs under {@code out}. */
  private static PriorRows priorRows(
      SparkSession spark,
      Template t,
      InputLister.Listing listing,
      Map<String, String> settings,
      Path in,
      Path out) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String outputRoot = ImageStorage.qualified(out.toAbsolutePath().toString(), hadoop);
    OutputFormat format = OutputFormat.from(config(settings, in, out));
    return new PriorRows(t.row(), new OutputPaths(listing.root(), outputRoot, format));
  }

  /** The job's own listing of {@code in}, as a run with these settings lists it. */
  private static InputLister.Listing list(
      SparkSession spark, Map<String, String> settings, Path in, Path out) {
    RunSettings run = RunSettings.from(config(settings, in, out));
    return new InputLister(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            new ImagePathFilter(run.extensions()),
            run.driverListingMaxDirs())
        .list(run.input(), List.of(run.output(), run.manifest()));
  }

  private static ConfigReader config(Map<String, String> settings, Path in, Path out) {
    return RestoreJob.of(null)
        .setAll(settings)
        .input(in.toAbsolutePath().toString())
        .output(out.toAbsolutePath().toString())
        .config()
        .reader();
  }

  private static Column[] schemaColumns() {
    return Arrays.stream(ManifestSchema.SCHEMA.fieldNames())
        .map(c -> col(c))
        .toArray(Column[]::new);
  }
}
