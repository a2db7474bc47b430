package io.gpenspark.manifest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A run's processing span, from its rows alone: from the earliest image start (processed_at less
 * the row's stage times) to the last processed_at. "Processing images/s" is rows over this span; it
 * leaves out listing, planning, Spark start-up and the commit, which "wall-clock images/s" (the
 * run's rows over the whole run) includes. The same span is computed as Spark columns, over the
 * rows as the job produces them (its summary, {@code job.RunTally}) and over rows read without
 * Spark (the manifest commands).
 */
public final class ProcessingSpan {
  private ProcessingSpan() {}

  /** When a row's image ended, in epoch microseconds. */
  public static Column endMicros() {
    return expr("unix_micros(processed_at)");
  }

  /** When a row's image started, in epoch microseconds: its end less its ms_* stage times. */
  public static Column startMicros() {
    Column stages = lit(0.0);
    for (String s : ManifestSchema.STAGES) {
      stages = stages.plus(coalesce(col("ms_" + s), lit(0.0)));
    }
    return endMicros().minus(stages.multiply(1000));
  }

  /** When a row's image ended, in epoch microseconds. */
  public static long endMicros(ManifestRecord r) {
    return micros(r.processedAt());
  }

  /** When a row's image started, in epoch microseconds: its end less its ms_* stage times. */
  public static double startMicros(ManifestRecord r) {
    return startMicros(endMicros(r), r.stageMs());
  }

  /** A processed_at in epoch microseconds (the manifest's precision). */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** When an image that ended at {@code endMicros} after {@code stageMs} of stages started. */
  public static double startMicros(long endMicros, double stageMs) {
    return endMicros - stageMs * 1000;
  }

  /** The earliest start of a span's rows, to the millisecond. */
  public static Instant startInstant(double micros) {
    return Instant.ofEpochMilli(Math.round(micros / 1000.0));
  }

  /** The last end of a span's rows, to the millisecond. */
  public static Instant endInstant(long micros) {
    return Instant.ofEpochMilli(Math.floorDiv(micros, 1000));
  }

  /** The span in seconds of {@code rows} (one run's), to the millisecond; 0 without rows. */
  public static double seconds(Dataset<Row> rows) {
    Row r = rows.agg(min(startMicros()), max(endMicros())).first();
    if (r.isNullAt(0) || r.isNullAt(1)) {
      return 0;
    }
    return seconds(r.getDouble(0), r.getLong(1));
  }

  /** The span in seconds from the earliest start to the last end, to the millisecond. */
  public static double seconds(double startMicros, long endMicros) {
    long startMs = startInstant(startMicros).toEpochMilli();
    long endMs = endInstant(endMicros).toEpochMilli();
    return Math.max(0, (endMs - startMs) / 1000.0);
  }
}
