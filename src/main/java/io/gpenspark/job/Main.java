package io.gpenspark.job;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import java.io.File;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Command line of the restoration job (what submit/restore-local and spark-submit run).
 * Exit 0 when the job ran (failed images are manifest rows), 2 for a configuration or usage
 * problem, 1 when the job could not run; the cause is one line on stderr.
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: restore --input URI --output URI [--manifest URI] [--mode full|incremental] [--retry-failed]",
      "               [--conf FILE] [--set key=value]...",
      "  --input URI      directory, prefix or glob of photos (local path, file://, s3a://, any Hadoop FS)",
      "  --output URI     where restored photos go, at the same relative paths",
      "  --manifest URI   Parquet manifest (default <output>/_manifest)",
      "  --mode MODE      full (default): every input; incremental: skip inputs unchanged since an ok row",
      "  --retry-failed   process only the inputs whose current manifest row is failed",
      "  --conf FILE      HOCON file over the defaults (see conf/application.conf)",
      "  --set key=value  one setting (repeatable); spark.* keys go to Spark");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command line without System.exit: the exit code (also what submit/gpen-spark restore runs). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    JobConfig config;
    try {
      config = parse(args);
    } catch (HelpRequested h) {
      out.println(USAGE);
      return 0;
    } catch (InvalidConfigException e) {
      err.println("gpen-spark: " + e.getMessage());
      return 2;
    }
    SparkSession spark = null;
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    try {
      spark = session(config);
      RestoreSummary summary = RestoreJob.of(spark, config).execute();
      out.println(summary.line());
      return 0;
    } catch (Exception e) { // Spark's Scala code also throws checked exceptions (IOException) undeclared
      InvalidConfigException cause = findConfigProblem(e);
      err.println("gpen-spark: " + (cause != null ? cause.getMessage() : "job failed: " + rootCause(e)));
      return cause != null ? 2 : 1;
    } finally {
      if (spark != null && ownSession) {
        spark.stop();
      }
    }
  }

  static JobConfig parse(String[] args) {
    Map<String, String> overrides = new LinkedHashMap<>();
    File confFile = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> throw new HelpRequested();
        case "--input" -> overrides.put("input.uri", quoted(value(args, ++i, a)));
        case "--output" -> overrides.put("output.uri", quoted(value(args, ++i, a)));
        case "--manifest" -> overrides.put("manifest.uri", quoted(value(args, ++i, a)));
        case "--conf" -> confFile = new File(value(args, ++i, a));
        case "--mode" -> overrides.put("job.mode", value(args, ++i, a));
        case "--retry-failed" -> overrides.put("job.retry-failed", "true");
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new InvalidConfigException("--set needs key=value, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        default -> throw new InvalidConfigException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    return JobConfig.load(confFile, overrides);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new InvalidConfigException(flag + " needs a value");
    }
    return args[i];
  }

  /** URIs are taken verbatim, whatever HOCON would make of their characters. */
  private static String quoted(String s) {
    return com.typesafe.config.ConfigUtil.quoteString(s);
  }

  static SparkSession session(JobConfig config) {
    SparkConf conf = new SparkConf();
    StorageDefaults.settings().forEach(conf::set);
    config.sparkSettings().forEach(conf::set);
    // The embedded default: all cores, and a failed task is tried again (local[*] never retries).
    conf.setIfMissing("spark.master", "local[*,4]");
    conf.setIfMissing("spark.app.name", config.reader().string("job.name"));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static InvalidConfigException findConfigProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidConfigException c) {
        return c;
      }
    }
    return null;
  }

  /** The outermost I/O error (Hadoop's name the path), else the root cause, on one line. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (!(t instanceof java.io.IOException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
  }

  private static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super(null, null, false, false);
    }
  }
}
