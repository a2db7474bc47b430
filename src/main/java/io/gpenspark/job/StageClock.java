package io.gpenspark.job;

import io.gpenspark.manifest.ManifestRow;
import java.util.function.Supplier;

/** Times each pipeline stage into the manifest row's ms_* columns. */
final class StageClock {
  private final ManifestRow row;

  StageClock(ManifestRow row) {
    this.row = row;
  }

  <T> T time(String stage, Supplier<T> work) {
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
