package io.gpenspark.job;

import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each image on a worker thread with a time limit (job.image-timeout), so one pathological
 * image cannot stall its task. An image out of time gets a {@code timeout} row; its worker is
 * interrupted and abandoned (native work cannot be cut short, but it writes nothing more) and
 * the next image gets a fresh worker.
 */
final class TimeLimitedPipeline implements AutoCloseable {
  private final ImagePipeline pipeline;
  private final RunIdentity identity;
  private final long timeoutMs;
  private ExecutorService worker;

  TimeLimitedPipeline(ImagePipeline pipeline, RunIdentity identity, long timeoutMs) {
    this.pipeline = pipeline;
    this.identity = identity;
    this.timeoutMs = timeoutMs;
  }

  ManifestRow process(InputFile in) {
    if (timeoutMs <= 0) {
      return pipeline.process(in);
    }
    if (worker == null) {
      worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gpen-spark-image-worker");
        t.setDaemon(true);
        return t;
      });
    }
    Future<ManifestRow> row = worker.submit(() -> pipeline.process(in));
    try {
      return row.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      row.cancel(true);
      worker.shutdownNow();
      worker = null;
      return new ManifestRow(identity, in).failed(new ImageFailure(ErrorCode.TIMEOUT,
          "image not finished within job.image-timeout (" + timeoutMs / 1000.0 + " s)"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("task interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("image pipeline failed outside its own error handling", e.getCause());
    }
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
