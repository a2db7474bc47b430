package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale section at tiny sizes, the job launched as users launch it: every nothing-new run finds
 * all its inputs unchanged, and the section fails when the prior state does not match the archive.
 * No timing is asserted.
 */
@IntegrationTest
class ScaleSectionTest {
  @TempDir Path tmp;

  private String[] args(Path json) {
    return new String[] {
      "--sections",
      "scale",
      "--in-process",
      "--scale-sizes",
      "300",
      "--scale-baseline",
      "50",
      "--detector",
      SharedFiles.yunet().toString(),
      "--work",
      tmp.resolve("work").toString(),
      "--json",
      json.toString()
    };
  }

  @Test
  void nothingNewRunsFindEveryInputUnchangedAndAChangedFileFailsTheBench() throws Exception {
    LocalSpark.session(); // the section's own Spark work (prior state) runs in the tests' session
    Path json = tmp.resolve("scale.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    assertEquals(0, Bench.run(args(json), new PrintStream(table, true, StandardCharsets.UTF_8)));
    JsonNode s = new ObjectMapper().readTree(json.toFile()).path("scale");

    // The template: a real full run over 200 images, one Parquet file per partition of the job's.
    assertEquals(PriorState.PRIOR_RUN_INPUTS, s.path("priorRun").path("rows").asInt());
    assertEquals(
        PriorState.fileCount(PriorState.PRIOR_RUN_INPUTS, 0),
        s.path("priorRun").path("parquetFiles").asInt());
    Path manifest = tmp.resolve("work/scale/n-300/prior-manifest");
    try (var files = Files.walk(manifest)) {
      assertEquals(
          PriorState.fileCount(300, 0),
          files.filter(p -> p.toString().endsWith(".parquet")).count());
    }

    List<Integer> sizes = new ArrayList<>();
    for (JsonNode r : s.path("runs")) {
      int n = r.path("n").asInt();
      sizes.add(n);
      assertEquals(n, r.path("run").path("unchanged").asInt(), "unchanged at " + n);
      assertEquals(0, r.path("run").path("toProcess").asInt(), "to process at " + n);
      assertTrue(r.path("peakRssMiB").asDouble() > 50, "the java process was watched: " + r);
      assertTrue(r.path("cpuSeconds").asDouble() > 0);
      assertTrue(r.path("launchSeconds").asDouble() > r.path("run").path("seconds").asDouble());
      assertTrue(r.path("gc").path("pauses").asInt() > 0);
      boolean planned = false;
      for (JsonNode step : r.path("timeline")) {
        planned |= step.path("what").asText().startsWith("plan the incremental run");
      }
      assertTrue(planned, "the timeline names the plan's Spark jobs: " + r.path("timeline"));
      if (n > 50) {
        assertTrue(r.path("marginal").has("runMsPerInput"));
      }
    }
    assertEquals(List.of(50, 300), sizes);
    assertTrue(s.path("verdict").has("planningMet"));
    assertTrue(s.path("shape").isTextual());
    String text = table.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("(e) scale"), text);
    assertTrue(text.contains("where the time goes"), text);

    // A file changed since the prior run: the run would process it, so the bench must stop.
    Path changed = tmp.resolve("work/scale/n-300/in/box-0001/scan-000007.jpg");
    Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Bench.run(
                    args(tmp.resolve("again.json")),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("1 to process"), e.getMessage());
  }
}
