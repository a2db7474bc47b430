package io.gpenspark.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ProcessingSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * What a set of manifest rows says, aggregated by Spark (nothing per image reaches the driver):
 * counts per status and error code, faces, stage time totals, each run's processing span, and
 * PSNR/SSIM summaries and histograms per metric reference.
 *
 * <p>A run's span is taken from the rows alone: from the earliest image start (processed_at less
 * the row's stage times) to the last processed_at. It leaves out listing and Spark start-up, and
 * is the wall time of the processing when images overlap on several cores.
 */
public record ManifestStats(
    long rows,
    Map<String, Long> byStatus,
    Map<String, Long> byErrorCode,
    long faces,
    Map<String, Double> stageMsTotal,
    List<RunSpan> runs,
    List<MetricSummary> metrics,
    List<String> configHashes,
    List<String> modelIds,
    List<String> jobVersions) {

  public static final List<String> METRICS = List.of("psnr", "ssim");
  public static final int DEFAULT_BINS = 20;

  /** One run's share of the rows and its processing span. */
  public record RunSpan(String runId, long rows, Instant start, Instant end, long faces) {
    public double seconds() {
      return Math.max(0, (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
  }

  /**
   * PSNR or SSIM over the rows that have it, for one metric reference (input or ground_truth).
   * Mean, median, min and max are over the finite values; {@code infinite} counts identical
   * images (PSNR +∞).
   */
  public record MetricSummary(String metric, String reference, long count, long infinite, double mean,
      double median, double min, double max, Histogram histogram) {}

  /** Counts of values in {@code counts.length} equal bins over [lo, hi]. */
  public record Histogram(double lo, double hi, long[] counts) {
    public double width() {
      return (hi - lo) / counts.length;
    }

    public long total() {
      long t = 0;
      for (long c : counts) {
        t += c;
      }
      return t;
    }
  }

  public long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** Sum of the runs' processing spans. */
  public double seconds() {
    return runs.stream().mapToDouble(RunSpan::seconds).sum();
  }

  /** Rows over the processing time (the job's summary line names it the same). */
  public double processingImagesPerSecond() {
    double s = seconds();
    return s > 0 ? rows / s : 0;
  }

  public double stageMsSum() {
    return stageMsTotal.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public List<MetricSummary> metric(String name) {
    return metrics.stream().filter(m -> m.metric().equals(name)).toList();
  }

  public static ManifestStats of(Dataset<Row> selected) {
    return of(selected, DEFAULT_BINS);
  }

  public static ManifestStats of(Dataset<Row> selected, int bins) {
    Dataset<Row> rows = selected.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return compute(rows, bins);
    } finally {
      rows.unpersist(false);
    }
  }


  private static ManifestStats compute(Dataset<Row> rows, int bins) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(coalesce(col("faces"), lit(0))).as("faces"));
    for (String s : ManifestSchema.STAGES) {
      aggs.add(sum(col("ms_" + s)).as("ms_" + s));
    }
    Row totals = rows.agg(functions.count(lit(1)).as("rows"), aggs.toArray(Column[]::new)).first();
    long n = totals.getLong(0);
    long faces = totals.isNullAt(1) ? 0 : totals.getLong(1);
    Map<String, Double> stages = new LinkedHashMap<>();
    for (int i = 0; i < ManifestSchema.STAGES.size(); i++) {
      stages.put(ManifestSchema.STAGES.get(i), totals.isNullAt(2 + i) ? 0.0 : totals.getDouble(2 + i));
    }

    Map<String, Long> byStatus = new TreeMap<>();
    for (Row r : rows.groupBy(ManifestSchema.STATUS).count().collectAsList()) {
      byStatus.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> byError = new TreeMap<>();
    for (Row r : rows.where(col("error_code").isNotNull()).groupBy("error_code").count().collectAsList()) {
      byError.put(r.getString(0), r.getLong(1));
    }

    List<RunSpan> runs = new ArrayList<>();
    for (Row r : rows.groupBy(ManifestSchema.RUN_ID)
        .agg(functions.count(lit(1)), min(ProcessingSpan.startMicros()), max(ProcessingSpan.endMicros()),
            sum(coalesce(col("faces"), lit(0))))
        .orderBy(ManifestSchema.RUN_ID).collectAsList()) {
      runs.add(new RunSpan(r.getString(0), r.getLong(1), micros(r.getDouble(2)), micros(r.getLong(3)),
          r.isNullAt(4) ? 0 : r.getLong(4)));
    }

    List<MetricSummary> metrics = new ArrayList<>();
    for (String m : METRICS) {
      metrics.addAll(metric(rows, m, bins));
    }
    return new ManifestStats(n, byStatus, byError, faces, stages, runs, metrics,
        distinct(rows, "config_hash"), distinct(rows, "model_id"), distinct(rows, "job_version"));
  }

  private static Instant micros(double us) {
    return Instant.ofEpochMilli(Math.round(us / 1000.0));
  }

  private static Instant micros(long us) {
    return Instant.ofEpochMilli(Math.floorDiv(us, 1000));
  }

  private static List<String> distinct(Dataset<Row> rows, String column) {
    return rows.select(column).where(col(column).isNotNull()).distinct().orderBy(column).limit(50)
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static List<MetricSummary> metric(Dataset<Row> rows, String m, int bins) {
    Column v = col(m);
    Column finite = v.isNotNull().and(v.notEqual(lit(Double.POSITIVE_INFINITY)))
        .and(v.notEqual(lit(Double.NEGATIVE_INFINITY))).and(functions.not(functions.isnan(v)));
    Column ref = coalesce(col("metric_reference"), lit("unknown")).as("ref");
    Dataset<Row> measured = rows.where(v.isNotNull()).select(ref, v.as("v"), finite.as("finite"));
    List<Row> summaries = measured.groupBy("ref").agg(
            functions.count(lit(1)),
            sum(when(col("finite"), 0).otherwise(1)),
            avg(when(col("finite"), col("v"))),
            expr("percentile_approx(CASE WHEN finite THEN v END, 0.5, 100000)"),
            min(when(col("finite"), col("v"))),
            max(when(col("finite"), col("v"))))
        .orderBy("ref").collectAsList();
    if (summaries.isEmpty()) {
      return List.of();
    }
    // One x axis per metric, shared by the references, so their histograms can be compared.
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row r : summaries) {
      if (!r.isNullAt(5)) {
        lo = Math.min(lo, r.getDouble(5));
        hi = Math.max(hi, r.getDouble(6));
      }
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    if (lo <= hi) {
      if (hi - lo < 1e-9) {
        double pad = Math.max(Math.abs(lo), 1.0) * 0.01;
        lo -= pad;
        hi += pad;
      }
      double width = (hi - lo) / bins;
      Column bin = least(lit(bins - 1), greatest(lit(0), floor(col("v").minus(lo).divide(width)).cast("int")));
      for (Row r : measured.where(col("finite")).groupBy(col("ref"), bin.as("bin")).count().collectAsList()) {
        counts.computeIfAbsent(r.getString(0), k -> new long[bins])[r.getInt(1)] = r.getLong(2);
      }
    }
    List<MetricSummary> out = new ArrayList<>();
    for (Row r : summaries) {
      String reference = r.getString(0);
      boolean any = !r.isNullAt(3);
      out.add(new MetricSummary(m, reference, r.getLong(1), r.getLong(2),
          any ? r.getDouble(3) : Double.NaN, any ? r.getDouble(4) : Double.NaN,
          any ? r.getDouble(5) : Double.NaN, any ? r.getDouble(6) : Double.NaN,
          new Histogram(lo <= hi ? lo : 0, lo <= hi ? hi : 1, counts.getOrDefault(reference, new long[bins]))));
    }
    return out;
  }
}
