package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * job.image-timeout: an image out of time gets a timeout row, the task goes on, and nothing is
 * written for it.
 */
@IntegrationTest
class ImageTimeoutTest {

  @Test
  void imagesOutOfTimeAreTimeoutRowsWithNoOutput(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String f :
        List.of("codeformer-whole/00.jpg", "codeformer-whole/01.jpg", "gpen-ffhq/00004.png")) {
      Files.copy(SharedFiles.faces(f), in.resolve(f.replace('/', '-')));
    }
    Path out = tmp.resolve("out");
    RestoreSummary s =
        RestoreJob.of(
                LocalSpark.session(),
                JobConfig.load(
                    null,
                    Map.of(
                        "input.uri", '"' + in.toString() + '"',
                        "output.uri", '"' + out.toString() + '"',
                        "detect.model", '"' + SharedFiles.yunet().toString() + '"',
                        "restore.enabled", "false",
                        "job.image-timeout", "0.001")))
            .execute();
    assertEquals(3, s.inputs());
    List<Row> rows =
        ManifestReader.all(LocalSpark.session(), out.resolve("_manifest").toString())
            .collectAsList();
    assertEquals(3, rows.size());
    for (Row r : rows) {
      assertEquals("failed", r.getAs("status"));
      assertEquals("timeout", r.getAs("error_code"));
    }
    Thread.sleep(3000); // the abandoned workers stop at their next stage boundary, before any write
    try (Stream<Path> files = Files.walk(out)) {
      assertTrue(
          files.noneMatch(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")),
          "no output for an image that ran out of time");
    }
  }
}
