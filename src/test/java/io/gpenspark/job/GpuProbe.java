package io.gpenspark.job;

import io.gpenspark.model.DeviceChoice;
import io.gpenspark.model.Hardware;
import io.gpenspark.model.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A child JVM for {@link GpuAddressTest}: a local-cluster Spark (its settings from the command
 * line, key=value) runs {@code tasks} tasks; each prints "task executor addresses device", the
 * device being what the job's executor code would choose for model.device=auto on a node whose
 * PyTorch sees {@code gpus} GPUs. No CUDA device is created: the choice only names it.
 */
public final class GpuProbe {
  private GpuProbe() {}

  public static void main(String[] args) {
    int tasks = Integer.parseInt(args[0]);
    int gpus = Integer.parseInt(args[1]);
    SparkSession.Builder b = SparkSession.builder().appName("gpu-probe");
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      b.config(kv[0], kv[1]);
    }
    SparkSession spark = b.getOrCreate();
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<String> lines =
          sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
              .mapPartitions(
                  it -> {
                    List<String> out = new ArrayList<>();
                    TaskContext task = TaskContext.get();
                    List<String> assigned = AssignedGpus.of(task);
                    // Long enough that the tasks overlap and every executor gets some.
                    Thread.sleep(300);
                    String device =
                        DeviceChoice.choose(
                                "auto",
                                Precision.FP32,
                                assigned,
                                new Hardware(gpus, List.of(), Set.of(), false))
                            .label();
                    out.add(
                        "probe "
                            + task.partitionId()
                            + " "
                            + SparkEnv.get().executorId()
                            + " "
                            + String.join(",", assigned)
                            + " "
                            + device);
                    return out.iterator();
                  })
              .collect();
      lines.forEach(System.out::println);
    } finally {
      spark.stop();
    }
  }
}
