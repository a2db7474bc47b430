package io.gpenspark.job;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;

/**
 * The job's counts and stage times in this JVM, for Spark's metrics system ({@link
 * JobMetricsPlugin} registers them): images by status, faces, and one timer per pipeline stage fed
 * with the manifest row's {@code ms_*}. JVM-wide, as Dropwizard metrics are: counters only grow,
 * across the runs this JVM serves. Names (under the plugin's source): {@code images.done}, {@code
 * images.ok}, {@code images.no_face}, {@code images.failed}, {@code faces}, {@code stage.read} …
 * {@code stage.metrics}.
 */
final class JobMetrics {
  private static final MetricRegistry METRICS = new MetricRegistry();
  private static final Counter DONE = METRICS.counter("images.done");
  private static final Map<String, Counter> BY_STATUS = new LinkedHashMap<>();
  private static final Counter FACES;
  private static final Map<Integer, Timer> STAGES = new LinkedHashMap<>();
  private static final int STATUS = ManifestSchema.SCHEMA.fieldIndex(ManifestSchema.STATUS);
  private static final int FACE_COUNT = ManifestSchema.SCHEMA.fieldIndex("faces");

  static {
    for (Status s : List.of(Status.OK, Status.NO_FACE, Status.FAILED)) {
      BY_STATUS.put(s.value(), METRICS.counter("images." + s.value()));
    }
    FACES = METRICS.counter("faces");
    for (String stage : ManifestSchema.STAGES) {
      STAGES.put(ManifestSchema.SCHEMA.fieldIndex("ms_" + stage), METRICS.timer("stage." + stage));
    }
  }

  private JobMetrics() {}

  /** Adds this JVM's metrics to a plugin's registry. */
  static void registerIn(MetricRegistry registry) {
    registry.registerAll(METRICS);
  }

  /**
   * Counts one manifest row (ManifestSchema's order) and returns it. A stage that did not run (0
   * ms: a failed image's later stages, restoration off) is not timed.
   */
  static Row counted(Row row) {
    DONE.inc();
    Counter status = BY_STATUS.get(row.getString(STATUS));
    if (status != null) {
      status.inc();
    }
    FACES.inc(row.getInt(FACE_COUNT));
    STAGES.forEach(
        (column, timer) -> {
          double ms = row.getDouble(column);
          if (ms > 0) {
            timer.update(Math.round(ms * 1e6), TimeUnit.NANOSECONDS);
          }
        });
    return row;
  }
}
