package io.gpenspark.cli;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the running one if there is one (tests, a notebook's JVM),
 * else a new one in local mode on all cores unless spark-submit said otherwise. Closing stops
 * only a session this command started.
 */
final class CliSpark implements AutoCloseable {
  private final SparkSession session;
  private final boolean own;

  private CliSpark(SparkSession session, boolean own) {
    this.session = session;
    this.own = own;
  }

  /** {@code settings}: spark.* keys only (from --set); {@code ui}: whether a local run serves the web UI. */
  static CliSpark open(String appName, Map<String, String> settings, boolean ui) {
    boolean own = SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty();
    SparkConf conf = new SparkConf();
    settings.forEach((k, v) -> {
      if (!k.startsWith("spark.")) {
        throw new UsageException("only spark.* keys can be set here, got '" + k + "'");
      }
      conf.set(k, v);
    });
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", appName);
    if (!ui) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return new CliSpark(SparkSession.builder().config(conf).getOrCreate(), own);
  }

  SparkSession spark() {
    return session;
  }

  @Override
  public void close() {
    if (own) {
      session.stop();
    }
  }
}
