package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overhead section on a handful of images: the job launched as users launch it on small JPEGs
 * in folders, which YuNet finds no face in, and on one image; the JSON and the table hold the CPU
 * per image, the speeds and the median stage times. No timing is asserted.
 */
@IntegrationTest
class OverheadSectionTest {
  @TempDir Path tmp;

  @Test
  void smallNoFaceImagesThroughTheLaunchedJob() throws Exception {
    Path json = tmp.resolve("overhead.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    assertEquals(
        0,
        Bench.run(
            new String[] {
              "--sections",
              "overhead",
              "--overhead-images",
              "6",
              "--overhead-folders",
              "3",
              "--detector",
              SharedFiles.yunet().toString(),
              "--work",
              tmp.resolve("work").toString(),
              "--json",
              json.toString(),
              "--in-process"
            },
            new PrintStream(table, true, StandardCharsets.UTF_8)));
    try (Stream<Path> images = Files.walk(tmp.resolve("work"))) {
      assertEquals(
          6, images.filter(p -> p.toString().endsWith(".jpg")).count(), "6 JPEGs in 3 folders");
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile()).path("overhead");
    JsonNode run = r.path("run");
    assertTrue(
        run.path("summary").asText().contains("6 inputs, 6 processed (no_face 6)"),
        run.path("summary").asText());
    assertTrue(
        r.path("oneImage").path("summary").asText().contains("1 inputs, 1 processed (no_face 1)"),
        r.path("oneImage").path("summary").asText());
    assertTrue(run.path("cpuSeconds").asDouble() > 0, "the launched job's CPU is counted");
    assertTrue(r.path("cpuMsPerImage").isNumber());
    assertTrue(run.path("processingImagesPerSecond").asDouble() > 0);
    for (String stage : ManifestSchema.STAGES) {
      assertTrue(run.path("stageMsMedian").path(stage).isNumber(), "median ms_" + stage);
    }
    String text = table.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("(e) overhead: 6 no-face 64x64 JPEGs in 3 folders"), text);
    assertTrue(text.contains("ms CPU (user+sys)"), text);
  }
}
