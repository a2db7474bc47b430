package io.gpenspark.report;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.manifest.ManifestFiles;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.Status;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Which rows of a manifest a report or a manifest command looks at: every row, the current row per
 * input across runs (as {@link ManifestReader#current}: the latest row that is not skipped (older
 * versions' rows for inputs a run left alone), by processed_at then run_id), one run, or the latest
 * run (the run whose last row was written last). Read without Spark ({@link ManifestFiles}); the
 * rows are held in memory.
 */
public record ManifestSelection(String uri, Mode mode, String runId) {
  public enum Mode {
    ALL,
    CURRENT,
    RUN,
    LATEST
  }

  /** Latest first: processed_at, then run_id, descending. */
  private static final Comparator<ManifestRecord> LATEST_FIRST =
      Comparator.comparing(ManifestRecord::processedAt)
          .thenComparing(ManifestRecord::runId)
          .reversed();

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

  /** Through the session's Hadoop configuration (for callers that hold one). */
  public Selected select(SparkSession spark) {
    return select(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * The selected rows, with {@link #runId} resolved for LATEST; a missing manifest or run is a
   * config error.
   */
  public Selected select(Configuration conf) {
    if (!ManifestFiles.exists(uri, conf)) {
      throw new InvalidConfigException("manifest not found: " + uri);
    }
    List<ManifestRecord> all = ManifestFiles.read(uri, conf);
    return switch (mode) {
      case ALL -> new Selected(this, all, "all rows of all runs");
      case CURRENT -> new Selected(this, current(all), "current row per input across runs");
      case RUN -> {
        List<ManifestRecord> rows = ofRun(all, runId);
        if (rows.isEmpty()) {
          TreeSet<String> runs = new TreeSet<>(Comparator.reverseOrder());
          all.forEach(r -> runs.add(r.runId()));
          throw new InvalidConfigException(
              "run "
                  + runId
                  + " not found in manifest "
                  + uri
                  + " (runs: "
                  + String.join(", ", runs.stream().limit(10).toList())
                  + ")");
        }
        yield new Selected(this, rows, "run " + runId);
      }
      case LATEST -> {
        // The run with the latest last row: the first row latest-first belongs to it.
        String id =
            all.stream()
                .min(LATEST_FIRST)
                .map(ManifestRecord::runId)
                .orElseThrow(() -> new InvalidConfigException("manifest " + uri + " has no runs"));
        yield new Selected(
            new ManifestSelection(uri, Mode.RUN, id), ofRun(all, id), "latest run " + id);
      }
    };
  }

  private static List<ManifestRecord> ofRun(List<ManifestRecord> all, String id) {
    return all.stream().filter(r -> r.runId().equals(id)).toList();
  }

  private static List<ManifestRecord> current(List<ManifestRecord> all) {
    Map<String, ManifestRecord> latest = new HashMap<>();
    for (ManifestRecord r : all) {
      if (!Status.SKIPPED.value().equals(r.status())) {
        latest.merge(r.inputPath(), r, (a, b) -> LATEST_FIRST.compare(a, b) <= 0 ? a : b);
      }
    }
    return List.copyOf(latest.values());
  }

  /** Rows and a phrase saying what they are ("run X", "current row per input across runs"). */
  public record Selected(
      ManifestSelection selection, List<ManifestRecord> rows, String description) {}
}
