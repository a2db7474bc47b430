package io.gpenspark.job;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Puts the job's counts and stage times ({@link JobMetrics}) into each executor's Spark metrics
 * system, so any sink configured with {@code spark.metrics.conf.*} (CSV, JMX, Graphite, StatsD; the
 * driver UI's PrometheusServlet in local mode, where the executor is the driver's JVM) shows them
 * while a run goes. Source name {@code plugin.io.gpenspark.job.JobMetricsPlugin}. {@link JobSpark}
 * adds it to {@code spark.plugins}.
 */
public final class JobMetricsPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return null; // the counts are made where the images are processed
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        JobMetrics.registerIn(ctx.metricRegistry());
      }
    };
  }
}
