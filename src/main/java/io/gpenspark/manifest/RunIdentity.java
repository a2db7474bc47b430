package io.gpenspark.manifest;

import java.io.Serializable;

/** What every row of one run shares: run, executor, configuration and model identity. */
public record RunIdentity(String runId, String executorId, String configHash, String modelId, String jobVersion)
    implements Serializable {

  public RunIdentity onExecutor(String executor) {
    return new RunIdentity(runId, executor, configHash, modelId, jobVersion);
  }
}
