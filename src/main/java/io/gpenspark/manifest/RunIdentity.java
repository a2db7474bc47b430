package io.gpenspark.manifest;

import java.io.Serializable;

/**
 * What every row of one task shares: run, executor, configuration and model identity, and the
 * device the model runs on there (null on the driver and without a model).
 */
public record RunIdentity(
    String runId,
    String executorId,
    String configHash,
    String modelId,
    String jobVersion,
    String device)
    implements Serializable {

  public RunIdentity(
      String runId, String executorId, String configHash, String modelId, String jobVersion) {
    this(runId, executorId, configHash, modelId, jobVersion, null);
  }

  public RunIdentity onExecutor(String executor) {
    return new RunIdentity(runId, executor, configHash, modelId, jobVersion, device);
  }

  /** On an executor whose model runs on {@code modelDevice} (e.g. "cuda:1 bf16"). */
  public RunIdentity onExecutor(String executor, String modelDevice) {
    return new RunIdentity(runId, executor, configHash, modelId, jobVersion, modelDevice);
  }
}
