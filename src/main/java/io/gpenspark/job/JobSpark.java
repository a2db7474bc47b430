package io.gpenspark.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way this project starts Spark: the running session if there is one (tests, a notebook's
 * JVM, spark-submit's), else a new one with the job's storage defaults ({@link StorageDefaults}) in
 * local mode on all cores, where a failed task is tried again (local[*] never retries), with the
 * job's metrics plugin ({@link JobMetricsPlugin}) added to spark.plugins. Closing stops only a
 * session this opened.
 */
public final class JobSpark implements AutoCloseable {
  private static final String PLUGINS = "spark.plugins";

  private final SparkSession session;
  private final boolean own;

  private JobSpark(SparkSession session, boolean own) {
    this.session = session;
    this.own = own;
  }

  /**
   * {@code settings}: spark.* keys (the configuration's or --set's) over the defaults; {@code ui}:
   * whether a local run serves the web UI.
   */
  public static JobSpark open(String appName, Map<String, String> settings, boolean ui) {
    boolean own =
        SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty();
    SparkConf conf = new SparkConf();
    StorageDefaults.settings().forEach(conf::set);
    settings.forEach(
        (k, v) -> {
          if (!k.startsWith("spark.")) {
            throw new IllegalArgumentException(
                "only spark.* keys are Spark settings, got '" + k + "'");
          }
          conf.set(k, v);
        });
    conf.set(PLUGINS, withPlugin(conf.get(PLUGINS, ""), JobMetricsPlugin.class.getName()));
    conf.setIfMissing("spark.master", "local[*,4]");
    if (conf.get("spark.master").startsWith("local[")) {
      // Running tasks' counts reach the progress line with executor heartbeats; Spark's 10 s
      // default is as long as job.progress-interval. In one JVM a heartbeat is an in-process call.
      conf.setIfMissing("spark.executor.heartbeatInterval", "2s");
    }
    conf.setIfMissing("spark.app.name", appName);
    if (conf.get("spark.master").startsWith("local[")) {
      // The local executor starts before Spark has an app id, so its metrics (JobMetricsPlugin)
      // would be named without one, with a warning: name them by the app, the same each run.
      conf.setIfMissing("spark.metrics.namespace", conf.get("spark.app.name"));
    }
    if (!ui) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return new JobSpark(SparkSession.builder().config(conf).getOrCreate(), own);
  }

  /** A user's spark.plugins (or spark-submit's) with {@code plugin} added once. */
  static String withPlugin(String plugins, String plugin) {
    List<String> names = new ArrayList<>();
    for (String p : plugins.split(",")) {
      if (!p.isBlank()) {
        names.add(p.strip());
      }
    }
    if (!names.contains(plugin)) {
      names.add(plugin);
    }
    return String.join(",", names);
  }

  public SparkSession spark() {
    return session;
  }

  @Override
  public void close() {
    if (own) {
      session.stop();
    }
  }
}
