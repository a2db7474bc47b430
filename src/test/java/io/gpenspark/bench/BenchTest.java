package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark in its quickest form (the 64-pixel fixture weights, one or two repetitions): every
 * section runs and the JSON holds the fields a reader needs. No timing is asserted.
 */
@IntegrationTest
class BenchTest {
  @TempDir Path tmp;

  private static String fixtureWeights() {
    return SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth").toString();
  }

  private String[] quick(Path json, String sections, boolean inProcess) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--quick",
                "--sections",
                sections,
                "--weights",
                fixtureWeights(),
                "--photo",
                SharedFiles.faces("gpen-ffhq/00004.png").toString(),
                "--detector",
                SharedFiles.yunet().toString(),
                "--batches",
                "1,2",
                "--runs",
                "1",
                "--stage-runs",
                "1",
                "--job-images",
                "2",
                "--memory-faces",
                "3",
                "--work",
                tmp.resolve("work").toString(),
                "--json",
                json.toString()));
    if (inProcess) {
      args.add("--in-process");
    }
    return args.toArray(new String[0]);
  }

  @Test
  void everySectionInProcessWritesItsFields() throws Exception {
    LocalSpark.session(); // the job section reads the launched job's manifest in the tests' session
    Path json = tmp.resolve("bench.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    assertEquals(
        0,
        Bench.run(
            quick(json, "model,stages,job,memory", true),
            new PrintStream(table, true, StandardCharsets.UTF_8)));
    JsonNode r = new ObjectMapper().readTree(json.toFile());

    for (String f : List.of("date", "cores", "cpu", "avx512", "memoryGiB")) {
      assertTrue(r.path("machine").has(f), "machine." + f);
    }
    assertTrue(r.path("nativeMemory").has("allocator"));
    assertEquals(3, r.path("loadBefore").size());

    JsonNode model = r.path("model").get(0);
    assertTrue(model.path("sgemm").path("gflopsBest").isNumber());
    assertEquals(2, model.path("results").size());
    for (JsonNode res : model.path("results")) {
      assertEquals(64, res.path("size").asInt());
      for (String f :
          List.of(
              "batch",
              "callers",
              "threads",
              "gflopPerFace",
              "facesPerSecond",
              "gflopsBest",
              "cpuSecondsPerFace")) {
        assertTrue(res.has(f), "model result " + f);
      }
      assertTrue(res.path("secondsPerFace").path("best").asDouble() > 0);
      assertTrue(res.path("secondsPerFace").has("median"));
    }

    JsonNode stages = r.path("stages");
    assertEquals(1, stages.path("faces").asInt());
    assertEquals(StagePipeline.STAGES.size(), stages.path("stageMs").size());
    for (String stage : StagePipeline.STAGES) {
      assertTrue(stages.path("stageMs").path(stage).has("median"), "stage " + stage);
    }
    assertTrue(stages.path("modelMs").path("median").asDouble() > 0);
    assertTrue(stages.path("aroundModelShare").path("median").asDouble() > 0);

    JsonNode job = r.path("job");
    assertTrue(job.path("spark").path("imagesPerSecond").asDouble() > 0);
    assertTrue(job.path("ratio").asDouble() > 0);
    assertEquals(2, job.path("spark").path("byStatus").path("ok").asInt());
    assertTrue(job.path("spark").path("stageMsMean").has("restore"));
    // The job ran as users run it, in its own JVM: its manifest gives ms_restore per face, and
    // the launch took longer than the job it reports.
    assertEquals("submit/restore-local", job.path("spark").path("master").asText());
    assertEquals(2, job.path("spark").path("restoreMsPerFace").path("n").asInt());
    assertTrue(job.path("spark").path("restoreMsPerFace").path("median").asDouble() > 0);
    assertTrue(
        job.path("spark").path("launchSeconds").asDouble()
            > job.path("spark").path("seconds").asDouble());
    assertEquals(2, job.path("loops").size()); // 1 thread and 2 threads
    for (JsonNode loop : job.path("loops")) {
      assertTrue(loop.path("imagesPerSecond").asDouble() > 0);
      assertTrue(loop.path("ratio").asDouble() > 0);
      assertEquals(2, loop.path("faces").asInt());
      // The loop does what the job does: the same restored photos.
      assertEquals(2, loop.path("sameAsJob").path("files").asInt());
      assertTrue(loop.path("sameAsJob").path("maxChannelDiff").asDouble() <= 1);
    }

    JsonNode memory = r.path("memory");
    assertTrue(memory.path("faces").asInt() >= 3);
    for (String f :
        List.of(
            "peakRssMiB",
            "rssSlopeKiBPerFace",
            "nativeSlopeKiBPerFace",
            "rssEndMiB",
            "rssSlopeSecondHalfKiBPerFace")) {
      assertTrue(memory.path(f).isNumber(), "memory." + f);
    }
    assertTrue(memory.path("samples").size() >= 2);

    String text = table.toString(StandardCharsets.UTF_8);
    for (String heading :
        List.of("(a) GPEN forward", "(b) stages", "(c) job vs plain loop", "(d) memory")) {
      assertTrue(text.contains(heading), heading + " in\n" + text);
    }
  }

  @Test
  void aSectionRunsInItsOwnJvmWithItsThreadSetting() throws Exception {
    Path json = tmp.resolve("child.json");
    String[] args = quick(json, "model", false);
    args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--batches", "1", "--threads", "1"))
            .toArray(String[]::new);
    assertEquals(
        0,
        Bench.run(
            args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    JsonNode model = new ObjectMapper().readTree(json.toFile()).path("model").get(0);
    assertEquals(1, model.path("intraOpThreads").asInt());
    // The child's environment carries the allocator settings.
    assertEquals("1", model.path("environment").path("MALLOC_ARENA_MAX").asText());
    assertEquals("1", model.path("environment").path("THP_MEM_ALLOC_ENABLE").asText());
    assertEquals(1, model.path("results").size());
  }
}
