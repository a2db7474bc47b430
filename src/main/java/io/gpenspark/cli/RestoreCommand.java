package io.gpenspark.cli;

import com.typesafe.config.ConfigUtil;
import io.gpenspark.config.JobConfig;
import io.gpenspark.job.JobSpark;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RestoreSummary;
import java.io.File;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code gpen-spark restore}: the restoration job (what submit/restore-local and spark-submit run).
 * Exit 0 when the job ran (failed images are manifest rows), 2 for a configuration or usage
 * problem, 1 when the job could not run; the cause is one line on stderr.
 */
final class RestoreCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark restore --input URI --output URI [--manifest URI | --manifest-table TABLE] [--mode full|incremental]",
          "                          [--retry-failed] [--input-list URI | --input-table NAME] [--max-images N]",
          "                          [--deadline DURATION] [--conf FILE] [--set key=value]...",
          "  --input URI      directory, prefix or glob of photos (local path, file://, s3a://, any Hadoop FS)",
          "  --input-list URI take the inputs from a list instead of listing --input: Parquet, ORC, CSV (header)",
          "                   or text (a path a line) file or folder, or an S3 Inventory manifest.json; paths",
          "                   relative to --input or under it (--input stays the root of the output paths)",
          "  --input-table NAME  take the inputs from a table or view of Spark's catalog (a path column)",
          "  --output URI     where restored photos go, at the same relative paths",
          "  --manifest URI   Parquet manifest (default <output>/_manifest)",
          "  --manifest-table TABLE  the manifest as a table instead: catalog.db.table, the catalog configured",
          "                   with --set spark.sql.catalog.<catalog>=... (e.g. Iceberg); run records in TABLE_runs",
          "  --mode MODE      full (default): every input; incremental: leave alone inputs unchanged since an ok row",
          "  --retry-failed   process only the inputs whose current manifest row is failed",
          "  --max-images N   at most N inputs this run, oldest first; the rest are left for the next (job.max-images)",
          "  --deadline D     start no image after D from the run's start (90m, 2h); the rest are left (job.deadline)",
          "  Every run writes its record to <output>/_runs/<run id>.json (outcome, counts, timings), also when it fails.",
          "  --conf FILE      HOCON file over the defaults (see conf/application.conf)",
          "  --set key=value  one setting (repeatable); spark.* keys go to Spark");

  @Override
  public String name() {
    return "restore";
  }

  @Override
  public String summary() {
    return "restore the faces in a folder or bucket of photos, write outputs and the manifest";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Args a =
        Args.parse(
            args,
            Set.of(
                "--input",
                "--input-list",
                "--input-table",
                "--output",
                "--manifest",
                "--manifest-table",
                "--mode",
                "--max-images",
                "--deadline",
                "--conf",
                "--set"),
            Set.of("--retry-failed"),
            Set.of());
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    a.noPositional();
    JobConfig config = options(RestoreJob.of(null), a).config();
    try (JobSpark spark =
        JobSpark.open(config.reader().string("job.name"), config.sparkSettings(), true)) {
      RestoreSummary summary = RestoreJob.of(spark.spark(), config).execute();
      out.println(summary.line());
    }
    return 0;
  }

  /** The command line as the job's options: --conf, then --set in order, then the URIs. */
  static RestoreJob options(RestoreJob job, Args a) {
    if (a.has("--conf")) {
      job.conf(new File(a.get("--conf")));
    }
    job.setAll(a.settings("--set"));
    if (a.has("--mode")) {
      job.set("job.mode", a.get("--mode"));
    }
    if (a.has("--retry-failed")) {
      job.set("job.retry-failed", "true");
    }
    if (a.has("--max-images")) {
      job.set("job.max-images", a.get("--max-images"));
    }
    if (a.has("--deadline")) {
      job.set("job.deadline", ConfigUtil.quoteString(a.get("--deadline")));
    }
    if (a.has("--input")) {
      job.input(a.get("--input"));
    }
    if (a.has("--input-list")) {
      job.inputList(a.get("--input-list"));
    }
    if (a.has("--input-table")) {
      job.inputTable(a.get("--input-table"));
    }
    if (a.has("--output")) {
      job.output(a.get("--output"));
    }
    if (a.has("--manifest")) {
      job.manifest(a.get("--manifest"));
    }
    if (a.has("--manifest-table")) {
      job.manifestTable(a.get("--manifest-table"));
    }
    return job;
  }
}
