package io.gpenspark.job;

import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.manifest.ManifestRow;
import java.util.function.Supplier;

/**
 * Times each pipeline stage into the manifest row's ms_* columns. Stage boundaries are also
 * where an image that ran out of time stops: native calls cannot be interrupted, but nothing
 * after them (in particular no write) happens once the image's worker was interrupted.
 */
final class StageClock {
  private final ManifestRow row;

  StageClock(ManifestRow row) {
    this.row = row;
  }

  <T> T time(String stage, Supplier<T> work) {
    if (Thread.currentThread().isInterrupted()) {
      throw new ImageFailure(ErrorCode.TIMEOUT, "stopped before " + stage + ": the image ran out of time");
    }
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      row.addStageMs(stage, (System.nanoTime() - t0) / 1e6);
    }
  }

  void time(String stage, Runnable work) {
    time(stage, () -> {
      work.run();
      return null;
    });
  }
}
