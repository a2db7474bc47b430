package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The job's metrics plugin joins a user's spark.plugins, once. */
class JobSparkTest {
  private static final String OURS = JobMetricsPlugin.class.getName();

  @Test
  void thePluginIsAddedToTheUsersOnce() {
    assertEquals(OURS, JobSpark.withPlugin("", OURS));
    assertEquals("com.example.Mine," + OURS, JobSpark.withPlugin("com.example.Mine", OURS));
    assertEquals(
        "a.One,b.Two," + OURS,
        JobSpark.withPlugin(" a.One , b.Two,", OURS),
        "spaces, a trailing comma");
    assertEquals(OURS + ",a.One", JobSpark.withPlugin(OURS + ",a.One", OURS), "already listed");
  }
}
