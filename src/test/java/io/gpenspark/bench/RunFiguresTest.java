package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void aRunWithoutARunRecordIsAnError() {
    RestoreSummary s = new RestoreSummary("r9", 1, Map.of("ok", 1L), 0, 1, "file:/o/_manifest");
    assertThrows(IllegalStateException.class, () -> RunFigures.of(out, launched(s)));
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
