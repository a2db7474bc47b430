package io.gpenspark.job;

import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ProcessingSpan;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * The manifest rows of a run counted on their way to the writer: per status, faces, and the ends of
 * the processing span ({@link ProcessingSpan}), so the summary and the run record need no read-back
 * of the manifest. Exact: the rows are counted in the write's result stage, whose accumulator
 * updates Spark merges once per partition and only from tasks that succeeded, so a retried or
 * speculative task is never counted twice.
 */
final class RunTally extends AccumulatorV2<Row, RunTally.Totals> {
  private static final int STATUS = ManifestSchema.SCHEMA.fieldIndex(ManifestSchema.STATUS);
  private static final int FACES = ManifestSchema.SCHEMA.fieldIndex("faces");
  private static final int PROCESSED_AT = ManifestSchema.SCHEMA.fieldIndex("processed_at");
  private static final int[] STAGES =
      ManifestSchema.STAGES.stream()
          .mapToInt(s -> ManifestSchema.SCHEMA.fieldIndex("ms_" + s))
          .toArray();

  private final Map<String, Long> byStatus = new TreeMap<>();
  private long faces;
  private double startMicros = Double.POSITIVE_INFINITY;
  private long endMicros = Long.MIN_VALUE;

  /** What the rows add up to (the accumulator's value: a copy, as Spark prints and ships it). */
  record Totals(Map<String, Long> byStatus, long faces, double startMicros, long endMicros)
      implements Serializable {
    long rows() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The rows' processing span in seconds; 0 without rows. */
    double processingSeconds() {
      return rows() == 0 ? 0 : ProcessingSpan.seconds(startMicros, endMicros);
    }
  }

  /** A tally registered with the driver, for one run. */
  static RunTally register(SparkContext sc) {
    RunTally t = new RunTally();
    sc.register(t, "gpen-spark manifest rows");
    return t;
  }

  @Override
  public boolean isZero() {
    return byStatus.isEmpty();
  }

  @Override
  public RunTally copy() {
    RunTally t = new RunTally();
    t.merge(this);
    return t;
  }

  @Override
  public void reset() {
    byStatus.clear();
    faces = 0;
    startMicros = Double.POSITIVE_INFINITY;
    endMicros = Long.MIN_VALUE;
  }

  @Override
  public void add(Row r) {
    byStatus.merge(r.getString(STATUS), 1L, Long::sum);
    faces += r.isNullAt(FACES) ? 0 : r.getInt(FACES);
    long end = ProcessingSpan.micros(r.getTimestamp(PROCESSED_AT).toInstant());
    double stageMs = 0;
    for (int i : STAGES) {
      stageMs += r.isNullAt(i) ? 0 : r.getDouble(i);
    }
    startMicros = Math.min(startMicros, ProcessingSpan.startMicros(end, stageMs));
    endMicros = Math.max(endMicros, end);
  }

  @Override
  public void merge(AccumulatorV2<Row, Totals> other) {
    Totals o = other.value();
    o.byStatus().forEach((s, n) -> byStatus.merge(s, n, Long::sum));
    faces += o.faces();
    startMicros = Math.min(startMicros, o.startMicros());
    endMicros = Math.max(endMicros, o.endMicros());
  }

  @Override
  public Totals value() {
    return new Totals(new TreeMap<>(byStatus), faces, startMicros, endMicros);
  }
}
