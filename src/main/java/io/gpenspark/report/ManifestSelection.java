package io.gpenspark.report;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.job.RunRecord;
import io.gpenspark.manifest.ManifestFiles;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestStore;
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
 * run (the run whose last row was written last). A Parquet folder is read without Spark ({@link
 * ManifestFiles}); a table of Spark's catalog ({@code manifest.table}) through a session. The rows
 * are held in memory.
 *
 * @param location the folder's URI or the table's name
 * @param table whether {@code location} names a table
 */
public record ManifestSelection(String location, boolean table, Mode mode, String runId) {
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
    return new ManifestSelection(uri, false, Mode.ALL, null);
  }

  public static ManifestSelection current(String uri) {
    return new ManifestSelection(uri, false, Mode.CURRENT, null);
  }

  public static ManifestSelection run(String uri, String runId) {
    return new ManifestSelection(uri, false, Mode.RUN, runId);
  }

  public static ManifestSelection latest(String uri) {
    return new ManifestSelection(uri, false, Mode.LATEST, null);
  }

  /** A folder through the session's Hadoop configuration; a table through the session. */
  public Selected select(SparkSession spark) {
    if (!table) {
      return select(spark.sparkContext().hadoopConfiguration());
    }
    ManifestStore store = ManifestStore.table(location);
    if (!store.exists(spark)) {
      throw new InvalidConfigException("manifest table not found: " + location);
    }
    List<RunRecord> runs =
        store
            .runRecords(spark)
            .map(t -> t.collectAsList().stream().map(RunRecord::fromRow).toList())
            .orElse(List.of());
    return select(store.all(spark).collectAsList().stream().map(ManifestRecord::of).toList(), runs);
  }

  /**
   * The selected rows of a folder, with {@link #runId} resolved for LATEST; a missing manifest or
   * run is a config error.
   */
  public Selected select(Configuration conf) {
    if (table) {
      throw new IllegalStateException("table " + location + " is read through a Spark session");
    }
    if (!ManifestFiles.exists(location, conf)) {
      throw new InvalidConfigException("manifest not found: " + location);
    }
    return select(ManifestFiles.read(location, conf), List.of());
  }

  /** {@code tableRuns}: a table's run records (a folder's are read when asked for). */
  private Selected select(List<ManifestRecord> all, List<RunRecord> tableRuns) {
    return switch (mode) {
      case ALL -> new Selected(this, all, "all rows of all runs", tableRuns);
      case CURRENT ->
          new Selected(this, current(all), "current row per input across runs", tableRuns);
      case RUN -> {
        List<ManifestRecord> rows = ofRun(all, runId);
        if (rows.isEmpty()) {
          TreeSet<String> runs = new TreeSet<>(Comparator.reverseOrder());
          all.forEach(r -> runs.add(r.runId()));
          throw new InvalidConfigException(
              "run "
                  + runId
                  + " not found in manifest "
                  + location
                  + " (runs: "
                  + String.join(", ", runs.stream().limit(10).toList())
                  + ")");
        }
        yield new Selected(this, rows, "run " + runId, tableRuns);
      }
      case LATEST -> {
        // The run with the latest last row: the first row latest-first belongs to it.
        String id =
            all.stream()
                .min(LATEST_FIRST)
                .map(ManifestRecord::runId)
                .orElseThrow(
                    () -> new InvalidConfigException("manifest " + location + " has no runs"));
        yield new Selected(
            new ManifestSelection(location, table, Mode.RUN, id),
            ofRun(all, id),
            "latest run " + id,
            tableRuns);
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

  /**
   * Rows and a phrase saying what they are ("run X", "current row per input across runs"); a
   * table's run records, read with its rows.
   */
  public record Selected(
      ManifestSelection selection,
      List<ManifestRecord> rows,
      String description,
      List<RunRecord> tableRuns) {

    /**
     * The records of the manifest's runs ({@link RunRecord}), oldest first: a folder's from beside
     * it ({@link RunRecords}), a table's from its runs table.
     */
    public List<RunRecord> runRecords(Configuration conf) {
      if (!selection.table()) {
        return RunRecords.of(selection.location(), conf);
      }
      return tableRuns.stream().sorted(RunRecords.OLDEST_FIRST).toList();
    }
  }
}
