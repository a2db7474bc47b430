package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a run is bounded (job.max-images, job.deadline) and split into Spark partitions
 * (input.images-per-partition), as read from the configuration.
 */
class RunSettingsTest {
  private static RunSettings settings(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(extra);
    o.put("input.uri", "\"/in\"");
    o.put("output.uri", "\"/out\"");
    return RunSettings.from(JobConfig.load(null, o).reader());
  }

  @Test
  void unboundedByDefault() {
    RunSettings s = settings(Map.of());
    assertEquals(0, s.maxImages());
    assertNull(s.deadline());
    assertEquals(Deadline.NONE, Deadline.after(Instant.now(), s.deadline()));
  }

  @Test
  void durationsWithTheirUnits() {
    assertEquals(Duration.ofHours(2), settings(Map.of("job.deadline", "2h")).deadline());
    assertEquals(Duration.ofMinutes(90), settings(Map.of("job.deadline", "\"90m\"")).deadline());
    assertEquals(Duration.ZERO, settings(Map.of("job.deadline", "0s")).deadline());
    assertEquals(1000, settings(Map.of("job.max-images", "1000")).maxImages());
    Instant start = Instant.parse("2026-11-29T23:00:00Z");
    assertEquals(
        start.plus(Duration.ofHours(2)).toEpochMilli(),
        Deadline.after(start, Duration.ofHours(2)).epochMs());
    assertTrue(Deadline.after(start, Duration.ZERO).passed());
  }

  @Test
  void badBoundsStopTheJobWithOneLine() {
    for (String[] bad :
        new String[][] {
          {"job.deadline", "7200", "a duration with a unit"},
          {"job.deadline", "2 hours later", "a duration with a unit"},
          {"job.deadline", "-1h", "a duration with a unit"},
          {"job.max-images", "-1", "a whole number >= 0"},
          {"job.max-images", "many", "a whole number >= 0"}
        }) {
      InvalidConfigException e =
          assertThrows(InvalidConfigException.class, () -> settings(Map.of(bad[0], bad[1])));
      assertTrue(e.getMessage().contains("'" + bad[0] + "'"), e.getMessage());
      assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  private static RunSettings run(String imagesPerPartition) {
    return settings(Map.of("input.images-per-partition", imagesPerPartition));
  }

  @Test
  void autoGivesEachSlotFourPartitionsOfEightToSixtyFourImages() {
    RunSettings auto = run("0");
    assertEquals(0, settings(Map.of()).imagesPerPartition(), "auto is the default");
    // small runs: at least 8 images a task, so 16 photos on 2 slots are 2 tasks, 5 are one
    assertEquals(2, auto.partitions(16, 2));
    assertEquals(1, auto.partitions(5, 2));
    assertEquals(1, auto.partitions(0, 2));
    // 100 photos on 2 slots: 13 a task, 8 tasks (4 a slot)
    assertEquals(8, auto.partitions(100, 2));
    // large runs: at most 64 images a task
    assertEquals(32, auto.partitions(2000, 2));
    assertEquals(313, auto.partitions(20_000, 2));
    // a large cluster gets 4 partitions a slot while they hold 8 images or more
    assertEquals(250, auto.partitions(2000, 400));
    assertEquals(1539, auto.partitions(20_000, 400)); // 13 a task
  }

  @Test
  void aNumberIsTheImagesOfEveryPartition() {
    assertEquals(250, run("8").partitions(2000, 2));
    assertEquals(1, run("16").partitions(16, 2), "one task, whatever the slots");
    assertEquals(100_000, run("1").partitions(1_000_000, 2), "capped");
  }
}
