package io.gpenspark.manifest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * One manifest row, read without Spark ({@link ManifestFiles}) or from a table: the values in
 * {@link ManifestSchema#SCHEMA}'s column order, as String, Long, Integer, Double or Instant
 * (timestamps); null where the row has none or the file predates the column.
 */
public record ManifestRecord(Object[] values) {
  private static final String[] NAMES = ManifestSchema.SCHEMA.fieldNames();
  private static final Map<String, Integer> INDEX = index();

  /** The order of exports and listings: by run, then input path. */
  public static final Comparator<ManifestRecord> BY_RUN_AND_PATH =
      Comparator.comparing(ManifestRecord::runId).thenComparing(ManifestRecord::inputPath);

  private static Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], i);
    }
    return Map.copyOf(m);
  }

  /**
   * A row of a manifest table ({@link ManifestSchema#SCHEMA}'s columns, found by name) as a record:
   * timestamps as Instants, the rest as Spark gives them.
   */
  public static ManifestRecord of(Row row) {
    Object[] values = new Object[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      Object v = row.get(row.fieldIndex(NAMES[i]));
      values[i] = v instanceof Timestamp t ? t.toInstant() : v;
    }
    return new ManifestRecord(values);
  }

  public static int indexOf(String column) {
    Integer i = INDEX.get(column);
    if (i == null) {
      throw new IllegalArgumentException("no manifest column " + column);
    }
    return i;
  }

  public Object get(String column) {
    return values[indexOf(column)];
  }

  public String string(String column) {
    return (String) get(column);
  }

  public Double number(String column) {
    return (Double) get(column);
  }

  public String runId() {
    return string(ManifestSchema.RUN_ID);
  }

  public String inputPath() {
    return string(ManifestSchema.INPUT_PATH);
  }

  public String status() {
    return string(ManifestSchema.STATUS);
  }

  /** Faces found (0 where null, as the aggregates count them). */
  public int faces() {
    Integer f = (Integer) get("faces");
    return f == null ? 0 : f;
  }

  public Instant processedAt() {
    return (Instant) get("processed_at");
  }

  /** The sum of the row's ms_* stage times (nulls as 0). */
  public double stageMs() {
    double ms = 0;
    for (String s : ManifestSchema.STAGES) {
      Double v = number("ms_" + s);
      ms += v == null ? 0 : v;
    }
    return ms;
  }
}
