package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line moves while a task runs: the whole run in one partition (one task), so before
 * this only the task's end could move it. Real photos from ../shared, restoration off, the job's
 * own command line in its own JVM (a heartbeat interval is fixed when Spark starts).
 */
@IntegrationTest
class ProgressTest {
  private static final Pattern PROGRESS = Pattern.compile("progress: (\\d+)/(\\d+) images");

  @Test
  void progressShowsImagesDoneInsideTheOnlyTask(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    int copied = 0;
    // Multi-megapixel scans, twice over: seconds of work in the one task on any machine.
    for (String copy : List.of("a", "b")) {
      for (String dir : List.of("gpen-selfie", "gpen-grays", "gfpgan-whole", "gpen-ffhq")) {
        try (Stream<Path> files = Files.list(SharedFiles.faces(dir))) {
          for (Path f : files.toList()) {
            Files.createDirectories(photos.resolve(copy + "/" + dir));
            Files.copy(f, photos.resolve(copy + "/" + dir + "/" + f.getFileName()));
            copied++;
          }
        }
      }
    }
    int n = copied;
    try (JobProcess job =
        JobProcess.start(
            tmp.resolve("job"),
            Map.of(),
            List.of(),
            "--input",
            photos.toString(),
            "--output",
            tmp.resolve("out").toString(),
            "--set",
            "detect.model=\"" + SharedFiles.yunet() + "\"",
            "--set",
            "restore.enabled=false",
            "--set",
            "input.images-per-partition=1000",
            "--set",
            "job.progress-interval=1",
            "--set",
            "spark.executor.heartbeatInterval=200ms")) {
      assertEquals(0, job.await(300), JobProcess.tail(job.stderr()));
      List<Long> done = new ArrayList<>();
      Matcher m = PROGRESS.matcher(job.stderr());
      while (m.find()) {
        assertEquals(n, Long.parseLong(m.group(2)), m.group());
        done.add(Long.parseLong(m.group(1)));
      }
      System.out.println("progress counts of " + n + " images, one partition: " + done);
      assertTrue(
          done.stream().anyMatch(d -> d > 0 && d < n),
          "an intermediate count before the end: " + done + "\n" + JobProcess.tail(job.stderr()));
      assertTrue(job.stdout().contains(": " + n + " inputs, " + n + " processed ("), job.stdout());
    }
  }
}
