package io.gpenspark.job;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ErrorCode;
import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.listing.SerializableConfiguration;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import io.gpenspark.pipeline.PhotoPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The executor side of the job: one partition of inputs in, one manifest row per input out, lazily
 * (a group of restore.batch-images consecutive images at a time), through a {@link PhotoPipeline}
 * whose models this JVM's task threads share for the run. Each group is journaled before its work
 * starts ({@link InFlightJournal}): an image that was in flight when executors died twice gets a
 * failed executor_lost row instead of a third try. No image starts after job.deadline.
 */
final class RestorePartition implements FlatMapFunction<Iterator<InputFile>, Row> {
  /** How long a retried attempt waits for the driver's word that an earlier attempt was lost. */
  private static final long VERDICT_WAIT_MS = 30_000;

  private final JobConfig config;
  private final RunSettings run;
  private final OutputPaths paths;
  private final RunIdentity identity;
  private final Broadcast<SerializableConfiguration> hadoop;
  private final Progress.Counters progress;
  private final String journal;
  private final Deadline deadline;

  RestorePartition(
      JobConfig config,
      RunSettings run,
      OutputPaths paths,
      RunIdentity identity,
      Broadcast<SerializableConfiguration> hadoop,
      Progress.Counters progress,
      String journal,
      Deadline deadline) {
    this.config = config;
    this.run = run;
    this.paths = paths;
    this.identity = identity;
    this.hadoop = hadoop;
    this.progress = progress;
    this.journal = journal;
    this.deadline = deadline;
  }

  @Override
  public Iterator<Row> call(Iterator<InputFile> inputs) {
    if (deadline
        .passed()) { // job.deadline: a task that starts after it builds nothing, starts nothing
      return java.util.Collections.emptyIterator();
    }
    PhotoPipeline photos =
        RestoreJob.pipeline(config, hadoop.value().get(), run.runId())
            .paths(paths)
            .gpus(AssignedGpus.of(TaskContext.get()))
            .build();
    RunIdentity here = identity.onExecutor(SparkEnv.get().executorId(), photos.device());
    GroupPipeline pipeline = new GroupPipeline(photos, here, run.imageTimeoutMs());
    TaskContext task = TaskContext.get();
    InFlightJournal inFlight =
        InFlightJournal.open(
            journal,
            task.stageId(),
            task.stageAttemptNumber(),
            task.partitionId(),
            task.attemptNumber(),
            VERDICT_WAIT_MS,
            hadoop.value().get());
    task.addTaskCompletionListener(
        (org.apache.spark.util.TaskCompletionListener)
            ctx -> {
              inFlight.close();
              pipeline.close();
              photos.close();
            });
    Optional<String> crashOn = config.reader().optionalString("debug.crash-on");
    return new Iterator<>() {
      private final Deque<ManifestRow> rows = new ArrayDeque<>();

      /** An input held back to run alone in the next group. */
      private InputFile held;

      @Override
      public boolean hasNext() {
        if (rows.isEmpty() && deadline.passed()) {
          return false; // job.deadline: no group starts after it; its images get no row
        }
        return !rows.isEmpty() || held != null || inputs.hasNext();
      }

      @Override
      public Row next() {
        if (rows.isEmpty()) {
          rows.addAll(process(nextGroup()));
        }
        ManifestRow row = rows.removeFirst();
        progress.done().add(1);
        if (row.status() == Status.FAILED) {
          progress.failed().add(1);
        }
        return JobMetrics.counted(row.toRow()); // Spark's metrics system: JobMetricsPlugin
      }

      private List<ManifestRow> process(List<InputFile> group) {
        if (group.size() == 1) {
          List<String> lost = inFlight.lostWith(group.get(0).path());
          if (lost.size() >= InFlightJournal.LOST_TO_SKIP) {
            return List.of(
                new ManifestRow(here, group.get(0))
                    .failed(
                        new ImageFailure(
                            ErrorCode.EXECUTOR_LOST,
                            "not tried again: the executor was lost while this image was in flight (stage attempt.task attempt: "
                                + String.join(", ", lost)
                                + ")")));
          }
        }
        inFlight.inFlight(group.stream().map(InputFile::path).toList());
        crashOn.ifPresent(
            name -> {
              if (group.stream().anyMatch(in -> new Path(in.path()).getName().equals(name))) {
                Runtime.getRuntime().halt(134); // debug.crash-on: a native crash, for tests only
              }
            });
        return pipeline.process(group);
      }

      /**
       * The next restore.batch-images inputs (fewer at the end), so a group holds at most that many
       * images; an input in flight in an earlier attempt goes alone, so only the culprit of a group
       * that died together is ever skipped.
       */
      private List<InputFile> nextGroup() {
        List<InputFile> group = new ArrayList<>();
        while (group.size() < photos.batchImages() && (held != null || inputs.hasNext())) {
          InputFile in = held != null ? held : inputs.next();
          held = null;
          if (inFlight.suspect(in.path())) {
            if (group.isEmpty()) {
              group.add(in);
            } else {
              held = in;
            }
            break;
          }
          group.add(in);
        }
        return group;
      }
    };
  }
}
