package io.gpenspark.report;

import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ProcessingSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a set of manifest rows says, computed in one JVM over rows read without Spark: counts per
 * status and error code, faces, stage time totals, each run's processing span, and PSNR/SSIM
 * summaries and histograms per metric reference.
 *
 * <p>A run's span is taken from the rows alone: from the earliest image start (processed_at less
 * the row's stage times) to the last processed_at. It leaves out listing and Spark start-up, and is
 * the wall time of the processing when images overlap on several cores.
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
   * Mean, median, min and max are over the finite values (the median exact, as Spark SQL's
   * percentile(v, 0.5)); {@code infinite} counts identical images (PSNR +∞).
   */
  public record MetricSummary(
      String metric,
      String reference,
      long count,
      long infinite,
      double mean,
      double median,
      double min,
      double max,
      Histogram histogram) {}

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

  public static ManifestStats of(List<ManifestRecord> rows) {
    return of(rows, DEFAULT_BINS);
  }

  public static ManifestStats of(List<ManifestRecord> rows, int bins) {
    long faces = 0;
    Map<String, Double> stages = new LinkedHashMap<>();
    ManifestSchema.STAGES.forEach(s -> stages.put(s, 0.0));
    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, Long> byError = new TreeMap<>();
    Map<String, RunTotals> runs = new TreeMap<>();
    for (ManifestRecord r : rows) {
      faces += r.faces();
      for (String s : ManifestSchema.STAGES) {
        Double ms = r.number("ms_" + s);
        stages.merge(s, ms == null ? 0.0 : ms, Double::sum);
      }
      byStatus.merge(r.status(), 1L, Long::sum);
      if (r.string("error_code") != null) {
        byError.merge(r.string("error_code"), 1L, Long::sum);
      }
      runs.computeIfAbsent(r.runId(), k -> new RunTotals()).add(r);
    }
    List<RunSpan> spans = new ArrayList<>();
    runs.forEach(
        (id, t) ->
            spans.add(
                new RunSpan(
                    id,
                    t.rows,
                    ProcessingSpan.startInstant(t.startMicros),
                    ProcessingSpan.endInstant(t.endMicros),
                    t.faces)));
    List<MetricSummary> metrics = new ArrayList<>();
    for (String m : METRICS) {
      metrics.addAll(metric(rows, m, bins));
    }
    return new ManifestStats(
        rows.size(),
        byStatus,
        byError,
        faces,
        stages,
        spans,
        metrics,
        distinct(rows, "config_hash"),
        distinct(rows, "model_id"),
        distinct(rows, "job_version"));
  }

  /** One run's counts and span ends while the rows go by. */
  private static final class RunTotals {
    long rows;
    long faces;
    double startMicros = Double.POSITIVE_INFINITY;
    long endMicros = Long.MIN_VALUE;

    void add(ManifestRecord r) {
      rows++;
      faces += r.faces();
      startMicros = Math.min(startMicros, ProcessingSpan.startMicros(r));
      endMicros = Math.max(endMicros, ProcessingSpan.endMicros(r));
    }
  }

  private static List<String> distinct(List<ManifestRecord> rows, String column) {
    TreeSet<String> values = new TreeSet<>();
    rows.stream().map(r -> r.string(column)).filter(Objects::nonNull).forEach(values::add);
    return values.stream().limit(50).toList();
  }

  private static List<MetricSummary> metric(List<ManifestRecord> rows, String m, int bins) {
    // Per reference: every measured value, and the finite ones (PSNR is +inf for identical images).
    Map<String, List<Double>> measured = new TreeMap<>();
    for (ManifestRecord r : rows) {
      Double v = r.number(m);
      if (v != null) {
        measured
            .computeIfAbsent(
                Objects.requireNonNullElse(r.string("metric_reference"), "unknown"),
                k -> new ArrayList<>())
            .add(v);
      }
    }
    Map<String, double[]> finite = new LinkedHashMap<>();
    // One x axis per metric, shared by the references, so their histograms can be compared.
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<Double>> e : measured.entrySet()) {
      double[] f =
          e.getValue().stream()
              .mapToDouble(Double::doubleValue)
              .filter(Double::isFinite)
              .sorted()
              .toArray();
      finite.put(e.getKey(), f);
      if (f.length > 0) {
        lo = Math.min(lo, f[0]);
        hi = Math.max(hi, f[f.length - 1]);
      }
    }
    if (lo <= hi && hi - lo < 1e-9) {
      double pad = Math.max(Math.abs(lo), 1.0) * 0.01;
      lo -= pad;
      hi += pad;
    }
    List<MetricSummary> out = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : measured.entrySet()) {
      double[] f = finite.get(e.getKey());
      long[] counts = new long[bins];
      if (lo <= hi) {
        double width = (hi - lo) / bins;
        for (double v : f) {
          counts[(int) Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
        }
      }
      boolean any = f.length > 0;
      out.add(
          new MetricSummary(
              m,
              e.getKey(),
              e.getValue().size(),
              e.getValue().size() - f.length,
              any ? Arrays.stream(f).sum() / f.length : Double.NaN,
              any ? median(f) : Double.NaN,
              any ? f[0] : Double.NaN,
              any ? f[f.length - 1] : Double.NaN,
              new Histogram(lo <= hi ? lo : 0, lo <= hi ? hi : 1, counts)));
    }
    return out;
  }

  /** The exact median of sorted values (the mean of the middle two for an even count). */
  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
