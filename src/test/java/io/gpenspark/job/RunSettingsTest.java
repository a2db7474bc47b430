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

/** The bounds of a run, job.max-images and job.deadline, as read from the configuration. */
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
}
