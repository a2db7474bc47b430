package io.gpenspark.job;

import io.gpenspark.config.JobConfig;
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
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The executor side of the job: one partition of inputs in, one manifest row per input out,
 * lazily (a group of restore.batch-images consecutive images at a time), through a
 * {@link PhotoPipeline} whose models this JVM's task threads share for the run.
 */
final class RestorePartition implements FlatMapFunction<Iterator<InputFile>, Row> {
  private final JobConfig config;
  private final RunSettings run;
  private final OutputPaths paths;
  private final RunIdentity identity;
  private final Broadcast<SerializableConfiguration> hadoop;
  private final Progress.Counters progress;

  RestorePartition(JobConfig config, RunSettings run, OutputPaths paths, RunIdentity identity,
      Broadcast<SerializableConfiguration> hadoop, Progress.Counters progress) {
    this.config = config;
    this.run = run;
    this.paths = paths;
    this.identity = identity;
    this.hadoop = hadoop;
    this.progress = progress;
  }

  @Override
  public Iterator<Row> call(Iterator<InputFile> inputs) {
    PhotoPipeline photos = RestoreJob.pipeline(config, hadoop.value().get(), run.runId()).paths(paths)
        .gpus(AssignedGpus.of(TaskContext.get())).build();
    RunIdentity here = identity.onExecutor(SparkEnv.get().executorId(), photos.device());
    GroupPipeline pipeline = new GroupPipeline(photos, here, run.imageTimeoutMs());
    TaskContext.get().addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> {
      pipeline.close();
      photos.close();
    });
    return new Iterator<>() {
      private final Deque<ManifestRow> rows = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        return !rows.isEmpty() || inputs.hasNext();
      }

      @Override
      public Row next() {
        if (rows.isEmpty()) {
          rows.addAll(pipeline.process(nextGroup()));
        }
        ManifestRow row = rows.removeFirst();
        progress.done().add(1);
        if (row.status() == Status.FAILED) {
          progress.failed().add(1);
        }
        return row.toRow();
      }

      /** The next restore.batch-images inputs (fewer at the end), so a group holds at most that many images. */
      private List<InputFile> nextGroup() {
        List<InputFile> group = new ArrayList<>();
        while (group.size() < photos.batchImages() && inputs.hasNext()) {
          group.add(inputs.next());
        }
        return group;
      }
    };
  }
}
