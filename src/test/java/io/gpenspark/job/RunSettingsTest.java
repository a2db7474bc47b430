package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpenspark.config.JobConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run splits its inputs into Spark partitions. */
class RunSettingsTest {
  private static RunSettings run(String imagesPerPartition) {
    return RunSettings.from(
        JobConfig.load(
                null,
                Map.of(
                    "input.uri", "/in",
                    "output.uri", "/out",
                    "input.images-per-partition", imagesPerPartition))
            .reader());
  }

  @Test
  void autoGivesEachSlotFourPartitionsOfEightToSixtyFourImages() {
    RunSettings auto = run("0");
    assertEquals(0, auto.imagesPerPartition(), "auto is the default");
    assertEquals(
        0,
        RunSettings.from(
                JobConfig.load(null, Map.of("input.uri", "/in", "output.uri", "/out")).reader())
            .imagesPerPartition());
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
