package io.gpenspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestSchema;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which rows of a manifest a report or a manifest command looks at: every row, the current row
 * per input across runs ({@link ManifestReader#current}), one run, or the latest run (the run
 * whose last row was written last).
 */
public record ManifestSelection(String uri, Mode mode, String runId) {
  public enum Mode { ALL, CURRENT, RUN, LATEST }

  public static ManifestSelection all(String uri) {
    return new ManifestSelection(uri, Mode.ALL, null);
  }

  public static ManifestSelection current(String uri) {
    return new ManifestSelection(uri, Mode.CURRENT, null);
  }

  public static ManifestSelection run(String uri, String runId) {
    return new ManifestSelection(uri, Mode.RUN, runId);
  }

  public static ManifestSelection latest(String uri) {
    return new ManifestSelection(uri, Mode.LATEST, null);
  }

  /** The selected rows, with {@link #runId} resolved for LATEST; a missing manifest or run is a config error. */
  public Selected select(SparkSession spark) {
    if (!ManifestReader.exists(spark, uri)) {
      throw new InvalidConfigException("manifest not found: " + uri);
    }
    Dataset<Row> all = ManifestReader.all(spark, uri);
    return switch (mode) {
      case ALL -> new Selected(this, all, "all rows of all runs");
      case CURRENT -> new Selected(this, ManifestReader.current(all), "current row per input across runs");
      case RUN -> {
        Dataset<Row> rows = all.where(col(ManifestSchema.RUN_ID).equalTo(runId));
        if (rows.isEmpty()) {
          throw new InvalidConfigException("run " + runId + " not found in manifest " + uri
              + " (runs: " + String.join(", ", runIds(all, 10)) + ")");
        }
        yield new Selected(this, rows, "run " + runId);
      }
      case LATEST -> {
        List<Row> last = all.groupBy(ManifestSchema.RUN_ID).agg(max("processed_at").as("last"))
            .orderBy(col("last").desc(), col(ManifestSchema.RUN_ID).desc()).limit(1).collectAsList();
        if (last.isEmpty()) {
          throw new InvalidConfigException("manifest " + uri + " has no runs");
        }
        String id = last.get(0).getString(0);
        yield new Selected(new ManifestSelection(uri, Mode.RUN, id),
            all.where(col(ManifestSchema.RUN_ID).equalTo(id)), "latest run " + id);
      }
    };
  }

  private static List<String> runIds(Dataset<Row> all, int n) {
    return all.select(ManifestSchema.RUN_ID).distinct().orderBy(col(ManifestSchema.RUN_ID).desc()).limit(n)
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  /** Rows and a phrase saying what they are ("run X", "current row per input across runs"). */
  public record Selected(ManifestSelection selection, Dataset<Row> rows, String description) {}
}
