package io.gpenspark.job;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * What one run did, for schedulers and dashboards: one JSON object per run at {@code
 * <output>/_runs/<run_id>.json}, written by the driver when the run ends, also when it fails
 * (outcome failed, error one line) once its configuration and model were found usable. A run that
 * had nothing to do writes no manifest row, so this is its only trace. The same fields as a Spark
 * {@link Row} ({@link #SCHEMA}, {@link #toRow}) for a table of runs.
 *
 * <p>Counts: {@code inputs} listed = {@code unchanged} (left alone: unchanged since an ok/no_face
 * row with the same config and model, or with retry-failed not failed) + {@code to_process} (needed
 * work); {@code to_process} = the rows of {@code counts} (processed and committed) + {@code
 * remaining} (left for a later run by job.max-images or job.deadline, or not committed because the
 * run failed). {@code timings_s}: list, plan (the join against the manifest and the plan with its
 * counts), process and commit (the manifest write's Spark jobs, then the driver's commit after
 * them). {@code driver_heap_peak_bytes}: the largest peak usage among the driver JVM's heap memory
 * pools since it started. {@code input}, {@code output}, {@code manifest}: qualified URIs (scheme
 * and authority), so a reader on another machine knows where. Fields the run never reached (it
 * failed before) are 0 or null.
 */
public record RunRecord(
    String runId,
    String outcome,
    String error,
    String jobVersion,
    String mode,
    boolean retryFailed,
    String input,
    String output,
    String manifest,
    Instant startedAt,
    Instant finishedAt,
    double seconds,
    long inputs,
    long toProcess,
    long unchanged,
    long remaining,
    Map<String, Long> counts,
    long faces,
    String configHash,
    String modelId,
    Map<String, Double> timingsS,
    long driverHeapPeakBytes) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** The folder under the output that holds the records. */
  public static final String FOLDER = "_runs";

  /** The keys of {@code counts} (every one present) and of {@code timings_s}. */
  public static final List<String> STATUSES = List.of("ok", "no_face", "failed");

  public static final List<String> TIMINGS = List.of("list", "plan", "process", "commit");

  /** The fields in order, named as in the JSON. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", StringType, false)
          .add("outcome", StringType, false)
          .add("error", StringType, true)
          .add("job_version", StringType, false)
          .add("mode", StringType, false)
          .add("retry_failed", BooleanType, false)
          .add("input", StringType, false)
          .add("output", StringType, false)
          .add("manifest", StringType, false)
          .add("started_at", TimestampType, false)
          .add("finished_at", TimestampType, false)
          .add("seconds", DoubleType, false)
          .add("inputs", LongType, false)
          .add("to_process", LongType, false)
          .add("unchanged", LongType, false)
          .add("remaining", LongType, false)
          .add("counts", DataTypes.createMapType(StringType, LongType, false), false)
          .add("faces", LongType, false)
          .add("config_hash", StringType, true)
          .add("model_id", StringType, true)
          .add("timings_s", DataTypes.createMapType(StringType, DoubleType, false), false)
          .add("driver_heap_peak_bytes", LongType, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  public RunRecord {
    counts = Map.copyOf(counts);
    timingsS = Map.copyOf(timingsS);
  }

  /** Where the record of run {@code runId} lies under {@code output}. */
  public static String uri(String output, String runId) {
    return output + "/" + FOLDER + "/" + runId + ".json";
  }

  /** Rows the run committed to the manifest. */
  public long processed() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(String status) {
    return counts.getOrDefault(status, 0L);
  }

  /** {@link #SCHEMA}'s values, in its order, as Java values. */
  private Object[] values() {
    return new Object[] {
      runId,
      outcome,
      error,
      jobVersion,
      mode,
      retryFailed,
      input,
      output,
      manifest,
      startedAt,
      finishedAt,
      seconds,
      inputs,
      toProcess,
      unchanged,
      remaining,
      ordered(counts, STATUSES),
      faces,
      configHash,
      modelId,
      ordered(timingsS, TIMINGS),
      driverHeapPeakBytes
    };
  }

  /** The record as a Spark row of {@link #SCHEMA} (timestamps, Scala maps). */
  public Row toRow() {
    Object[] v = values();
    for (int i = 0; i < v.length; i++) {
      if (v[i] instanceof Instant t) {
        v[i] = Timestamp.from(t);
      } else if (v[i] instanceof Map<?, ?> m) {
        v[i] = JavaConverters.mapAsScalaMap(m);
      }
    }
    return RowFactory.create(v);
  }

  /** One line of JSON: {@link #SCHEMA}'s names, timestamps as ISO-8601 UTC. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    String[] names = SCHEMA.fieldNames();
    Object[] v = values();
    for (int i = 0; i < v.length; i++) {
      n.set(names[i], node(v[i]));
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode node(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    } else if (v instanceof String s) {
      return f.textNode(s);
    } else if (v instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (v instanceof Long l) {
      return f.numberNode(l);
    } else if (v instanceof Double d) {
      return f.numberNode(d);
    } else if (v instanceof Instant t) {
      return f.textNode(t.toString());
    } else if (v instanceof Map<?, ?> m) {
      ObjectNode o = f.objectNode();
      m.forEach((k, x) -> o.set((String) k, node(x)));
      return o;
    }
    throw new IllegalArgumentException("no JSON for " + v.getClass());
  }

  /** A record as {@link #toJson} wrote it; fields a record lacks are 0, false, empty or null. */
  public static RunRecord fromJson(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run record: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject() || !n.path("run_id").isTextual()) {
      throw new IllegalArgumentException("not a run record: no run_id");
    }
    return new RunRecord(
        text(n, "run_id"),
        text(n, "outcome"),
        text(n, "error"),
        text(n, "job_version"),
        text(n, "mode"),
        n.path("retry_failed").asBoolean(false),
        text(n, "input"),
        text(n, "output"),
        text(n, "manifest"),
        instant(n, "started_at"),
        instant(n, "finished_at"),
        n.path("seconds").asDouble(0),
        n.path("inputs").asLong(0),
        n.path("to_process").asLong(0),
        n.path("unchanged").asLong(0),
        n.path("remaining").asLong(0),
        map(n.path("counts"), JsonNode::asLong),
        n.path("faces").asLong(0),
        text(n, "config_hash"),
        text(n, "model_id"),
        map(n.path("timings_s"), JsonNode::asDouble),
        n.path("driver_heap_peak_bytes").asLong(0));
  }

  /** A record as {@link #toRow} made it, read back from a table of runs ({@link #SCHEMA}). */
  public static RunRecord fromRow(Row r) {
    return new RunRecord(
        r.getAs("run_id"),
        r.getAs("outcome"),
        r.getAs("error"),
        r.getAs("job_version"),
        r.getAs("mode"),
        r.<Boolean>getAs("retry_failed"),
        r.getAs("input"),
        r.getAs("output"),
        r.getAs("manifest"),
        instant(r, "started_at"),
        instant(r, "finished_at"),
        r.<Double>getAs("seconds"),
        r.<Long>getAs("inputs"),
        r.<Long>getAs("to_process"),
        r.<Long>getAs("unchanged"),
        r.<Long>getAs("remaining"),
        r.getJavaMap(r.fieldIndex("counts")),
        r.<Long>getAs("faces"),
        r.getAs("config_hash"),
        r.getAs("model_id"),
        r.getJavaMap(r.fieldIndex("timings_s")),
        r.<Long>getAs("driver_heap_peak_bytes"));
  }

  private static Instant instant(Row r, String field) {
    Object t = r.getAs(field);
    return t instanceof Timestamp ts ? ts.toInstant() : (Instant) t;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    String t = text(n, field);
    return t == null ? null : Instant.parse(t);
  }

  private static <T> Map<String, T> map(JsonNode n, Function<JsonNode, T> value) {
    Map<String, T> m = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), value.apply(e.getValue())));
    return m;
  }

  /** The known keys first, in their order, then any others. */
  private static <T> Map<String, T> ordered(Map<String, T> m, List<String> keys) {
    Map<String, T> out = new LinkedHashMap<>();
    keys.stream().filter(m::containsKey).forEach(k -> out.put(k, m.get(k)));
    m.forEach(out::putIfAbsent);
    return out;
  }
}
