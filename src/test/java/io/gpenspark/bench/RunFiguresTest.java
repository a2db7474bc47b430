package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.job.RestoreSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFiguresTest {
  @TempDir Path out;

  private static JobLaunch.Result launched(RestoreSummary s) {
    return new JobLaunch.Result(s.line(), s.runId(), s.manifest(), s.seconds(), s.seconds() + 3);
  }

  @Test
  void withoutARunRecordTheSummaryLineGivesCountsAndTheWholeRun() throws Exception {
    RestoreSummary nothingNew =
        new RestoreSummary("r1", 20_000, Map.of("skipped", 20_000L), 0, 12.3, "file:/o/_manifest");
    RunFigures f = RunFigures.of(out, launched(nothingNew));
    assertEquals("summary line", f.source());
    assertEquals(20_000, f.inputs());
    assertEquals(0, f.toProcess());
    assertEquals(20_000, f.unchanged());
    assertEquals(12.3, f.seconds(), 1e-9);
    assertTrue(Double.isNaN(f.planningSeconds()) && Double.isNaN(f.heapPeakMiB()));

    RestoreSummary someNew =
        new RestoreSummary(
            "r2", 100, Map.of("skipped", 90L, "ok", 7L, "failed", 3L), 7, 5, "file:/o/_manifest");
    RunFigures g = RunFigures.fromSummary(someNew.line(), 5);
    assertEquals(10, g.toProcess());
    assertEquals(90, g.unchanged());

    RestoreSummary empty = new RestoreSummary("r3", 0, Map.of(), 0, 1, "file:/o/_manifest");
    assertEquals(0, RunFigures.fromSummary(empty.line(), 1).inputs());
    assertThrows(IllegalStateException.class, () -> RunFigures.fromSummary("no counts here", 1));
  }

  @Test
  void theRunRecordWinsWhenTheJobWroteOne() throws Exception {
    Files.createDirectories(out.resolve("_runs"));
    Files.writeString(
        out.resolve("_runs/r1.json"),
        "{\"run_id\":\"r1\",\"outcome\":\"succeeded\",\"mode\":\"incremental\",\"inputs\":20000,"
            + "\"to_process\":0,\"unchanged\":20000,\"remaining\":0,"
            + "\"counts\":{\"ok\":0,\"no_face\":0,\"failed\":0},\"seconds\":12.3,"
            + "\"timings_s\":{\"list\":1.2,\"plan\":0.8,\"process\":0.0,\"commit\":0.0},"
            + "\"driver_heap_peak_bytes\":123456789}");
    RestoreSummary s = new RestoreSummary("r1", 20_000, Map.of(), 0, 12.3, "file:/o/_manifest");
    RunFigures f = RunFigures.of(out, launched(s));
    assertEquals("run record r1.json", f.source());
    assertEquals(20_000, f.unchanged());
    assertEquals(0, f.toProcess());
    assertEquals(2.0, f.planningSeconds(), 1e-9);
    assertEquals(0.0, f.commitSeconds(), 1e-9);
    assertEquals(123456789 / 1048576.0, f.heapPeakMiB(), 1e-9);
  }
}
