package io.gpenspark.job;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the driver, for the run's {@link InFlightJournal}: records each task attempt that Spark
 * reports lost with its executor through the application's fault (a crash, an OOM kill; not a
 * preempted node or an executor Spark itself removed), which is what the journal counts against the
 * images that attempt had in flight.
 */
final class LostAttempts extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(LostAttempts.class);
  private final String journal;
  private final Configuration conf;

  LostAttempts(String journal, Configuration conf) {
    this.journal = journal;
    this.conf = conf;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.reason() instanceof ExecutorLostFailure lost && lost.exitCausedByApp()) {
      try {
        InFlightJournal.markLost(
            journal,
            end.stageId(),
            end.stageAttemptId(),
            end.taskInfo().partitionId(),
            end.taskInfo().attemptNumber(),
            conf);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "cannot journal the lost task attempt {}: {}", end.taskInfo().id(), e.getMessage());
      }
    }
  }
}
