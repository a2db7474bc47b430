package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale section's readers of a launched run's GC log and Spark event log. */
class ScaleLogsTest {
  @Test
  void gcLogGivesTheMostHeapInUseAtACollectionAndThePauses() {
    GcLog g =
        GcLog.parse(
            List.of(
                "[0.007s][info][gc] Using G1",
                "[0.806s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->16M(380M) 12.432ms",
                "[5.174s][info][gc] GC(4) Pause Remark 20M->20M(77M) 5.841ms",
                "[9.000s][info][gc] GC(9) Pause Full (G1 Compaction Pause) 1G->700M(1024M) 300.000ms",
                "[9.500s][info][gc] GC(10) Concurrent Mark Cycle 12.000ms"));
    assertEquals(1024, g.heapBeforeGcMaxMiB(), 1e-9);
    assertEquals(1024, g.committedMaxMiB(), 1e-9);
    assertEquals(3, g.pauses());
    assertEquals(0.318273, g.pauseSeconds(), 1e-9);
  }

  private static String jobStart(int id, long t, String description, int stage, String call) {
    return "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":"
        + id
        + ",\"Submission Time\":"
        + t
        + ",\"Stage Infos\":[{\"Stage ID\":"
        + stage
        + ",\"Details\":\""
        + call
        + "\"}],\"Properties\":{\"spark.job.description\":\""
        + description
        + "\"}}";
  }

  /** A job whose first listed stage was computed by an earlier job (skipped here). */
  private static String jobStartTwoStages(int id, long t, String description, String call) {
    return jobStart(id, t, description, 6, call)
        .replace(
            "\"Stage Infos\":[",
            "\"Stage Infos\":[{\"Stage ID\":5,\"Details\":\"org.apache.spark.sql.Dataset.javaRDD(Dataset.scala:3868)\"},");
  }

  private static String jobEnd(int id, long t) {
    return "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":"
        + id
        + ",\"Completion Time\":"
        + t
        + "}";
  }

  private static String taskEnd(int stage, long runMs) {
    return "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":"
        + stage
        + ",\"Task Metrics\":{\"Executor Run Time\":"
        + runMs
        + "}}";
  }

  @Test
  void eventLogTimelineMergesOneCallsJobsAndCountsDriverTimeBetween() throws Exception {
    String count =
        "org.apache.spark.sql.Dataset.count(Dataset.scala:3615)\\n"
            + "io.gpenspark.job.RestoreJob.execute(RestoreJob.java:150)\\n"
            + "io.gpenspark.cli.RestoreCommand.run(RestoreCommand.java:61)";
    String plan =
        "org.apache.spark.api.java.AbstractJavaRDDLike.count(JavaRDDLike.scala:45)\\n"
            + "io.gpenspark.job.RestoreJob.execute(RestoreJob.java:162)";
    String write =
        "org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)\\n"
            + "io.gpenspark.job.RestoreJob.execute(RestoreJob.java:199)";
    List<SparkEventLog.Step> steps =
        SparkEventLog.read(
            List.of(
                "{\"Event\":\"SparkListenerApplicationStart\",\"Timestamp\":1000}",
                jobStart(0, 3000, "list in", 0, count),
                taskEnd(0, 400),
                taskEnd(0, 600),
                jobEnd(0, 4000),
                jobStart(1, 4100, "list in", 1, count),
                taskEnd(1, 100),
                jobEnd(1, 4500),
                jobStartTwoStages(3, 4600, "plan", plan),
                taskEnd(6, 200),
                jobEnd(3, 5000),
                jobStart(2, 6500, "commit", 2, write),
                taskEnd(2, 900),
                jobEnd(2, 7500),
                "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":8000}"),
            0,
            8600);
    List<SparkEventLog.Step> expected =
        List.of(
            new SparkEventLog.Step("JVM and Spark start", "", 1.0, 0, 0, 0),
            new SparkEventLog.Step("driver only", "", 2.0, 0, 0, 0),
            new SparkEventLog.Step("list in", "count @ RestoreJob.execute:150", 1.5, 2, 3, 1.1),
            new SparkEventLog.Step("driver only", "", 0.1, 0, 0, 0),
            new SparkEventLog.Step("plan", "count @ RestoreJob.execute:162", 0.4, 1, 1, 0.2),
            new SparkEventLog.Step("driver only", "", 1.5, 0, 0, 0),
            new SparkEventLog.Step("commit", "parquet @ RestoreJob.execute:199", 1.0, 1, 1, 0.9),
            new SparkEventLog.Step("driver only, then Spark stop", "", 0.5, 0, 0, 0),
            new SparkEventLog.Step("JVM exit", "", 0.6, 0, 0, 0));
    assertEquals(expected.size(), steps.size(), steps.toString());
    for (int i = 0; i < expected.size(); i++) {
      SparkEventLog.Step e = expected.get(i);
      SparkEventLog.Step a = steps.get(i);
      assertEquals(e.what() + " " + e.where(), a.what() + " " + a.where());
      assertEquals(e.seconds(), a.seconds(), 1e-9, e.what());
      assertEquals(e.jobs(), a.jobs(), e.what());
      assertEquals(e.tasks(), a.tasks(), e.what());
      assertEquals(e.taskSeconds(), a.taskSeconds(), 1e-9, e.what());
    }
  }
}
