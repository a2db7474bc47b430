package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.config.ErrorLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/** The run record's JSON: the agreed field names, in order, and a faithful round trip. */
class RunRecordTest {
  static RunRecord sample(String error) {
    return new RunRecord(
        "20261129T235900Z-1a2b3c4d",
        error == null ? RunRecord.SUCCEEDED : RunRecord.FAILED,
        error,
        "0.9.0",
        "incremental",
        false,
        "s3a://scans/1950s",
        "s3a://restored/1950s",
        "s3a://restored/1950s/_manifest",
        Instant.parse("2026-11-29T23:59:00Z"),
        Instant.parse("2026-11-30T00:00:12.345Z"),
        72.345,
        20_000,
        3,
        19_997,
        1,
        Map.of("ok", 1L, "no_face", 0L, "failed", 1L),
        4,
        "0123456789abcdef",
        "GPEN-BFR-512.pth sha256:00ff",
        Map.of("list", 1.2, "plan", 0.8, "process", 60.5, "commit", 0.4),
        123_456_789L);
  }

  @Test
  void fieldNamesAndValuesAsSchedulersReadThem() throws Exception {
    String json = sample(null).toJson();
    assertEquals(1, json.lines().count(), "one line: " + json);
    JsonNode n = new ObjectMapper().readTree(json);
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of(
            "run_id",
            "outcome",
            "error",
            "job_version",
            "mode",
            "retry_failed",
            "input",
            "output",
            "manifest",
            "started_at",
            "finished_at",
            "seconds",
            "inputs",
            "to_process",
            "unchanged",
            "remaining",
            "counts",
            "faces",
            "config_hash",
            "model_id",
            "timings_s",
            "driver_heap_peak_bytes"),
        names);
    assertEquals(List.of(RunRecord.SCHEMA.fieldNames()), names, "the Spark schema's names");
    assertTrue(n.get("error").isNull());
    assertEquals("2026-11-29T23:59:00Z", n.get("started_at").asText());
    assertEquals("2026-11-30T00:00:12.345Z", n.get("finished_at").asText());
    assertEquals(72.345, n.get("seconds").asDouble());
    assertTrue(n.get("inputs").isIntegralNumber());
    List<String> statuses = new ArrayList<>();
    n.get("counts").fieldNames().forEachRemaining(statuses::add);
    assertEquals(RunRecord.STATUSES, statuses, "every status, in order");
    List<String> timings = new ArrayList<>();
    n.get("timings_s").fieldNames().forEachRemaining(timings::add);
    assertEquals(RunRecord.TIMINGS, timings);
    assertEquals(60.5, n.get("timings_s").get("process").asDouble());
    assertEquals(123_456_789L, n.get("driver_heap_peak_bytes").asLong());
  }

  @Test
  void roundTrip() {
    for (RunRecord r : List.of(sample(null), sample("IOException: cannot write to s3a://x"))) {
      assertEquals(r, RunRecord.fromJson(r.toJson()));
      assertEquals(r, RunRecord.fromRow(rowOfSchema(r.toRow())), "through a table's row");
    }
    assertEquals(2, sample(null).processed());
  }

  /** The row as a table gives it back: with its schema, so fields are found by name. */
  private static Row rowOfSchema(Row r) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    return new GenericRowWithSchema(values, RunRecord.SCHEMA);
  }

  @Test
  void somethingElseIsNotARecord() {
    assertThrows(IllegalArgumentException.class, () -> RunRecord.fromJson("{\"a\": 1}"));
    assertThrows(IllegalArgumentException.class, () -> RunRecord.fromJson("not json"));
  }

  @Test
  void oneLineErrorsAndTheHeapPeak() {
    RuntimeException wrapped =
        new RuntimeException(
            "job aborted",
            new java.io.UncheckedIOException(
                new java.io.IOException("cannot write to /x: Permission denied\n\tat somewhere")));
    assertEquals("IOException: cannot write to /x: Permission denied", ErrorLine.of(wrapped));
    assertEquals(
        "configuration key 'job.max-images' = '-1': expected a whole number >= 0",
        ErrorLine.of(
            new IllegalStateException(
                new io.gpenspark.config.InvalidConfigException(
                    "configuration key 'job.max-images' = '-1': expected a whole number >= 0"))));
    assertTrue(RunLedger.heapPeakBytes() > 0);
  }
}
