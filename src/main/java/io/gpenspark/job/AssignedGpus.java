package io.gpenspark.job;

import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU addresses Spark assigned to a running task. Spark gives a task the addresses of its
 * executor's GPUs that it may use (spark.task.resource.gpu.amount, also when tasks share a GPU with
 * a fraction), so executors of one node that were given different GPUs run on different GPUs. None
 * outside a task, or when GPUs are not scheduled.
 */
final class AssignedGpus {
  static final String RESOURCE = "gpu";

  private AssignedGpus() {}

  static List<String> of(TaskContext task) {
    if (task == null) {
      return List.of();
    }
    ResourceInformation gpu = task.resourcesJMap().get(RESOURCE);
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }
}
