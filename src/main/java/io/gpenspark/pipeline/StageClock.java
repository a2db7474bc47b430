package io.gpenspark.pipeline;

import io.gpenspark.imageio.ErrorCode;
import io.gpenspark.imageio.ImageFailure;
import java.util.function.Supplier;

/**
 * Times each stage of a photo for its {@link StageListener}. Stage boundaries are also where a
 * photo that ran out of time stops: native calls cannot be interrupted, but nothing after them (in
 * particular no write) happens once the photo's worker was interrupted.
 */
final class StageClock {
  private final StageListener listener;

  StageClock(StageListener listener) {
    this.listener = listener;
  }

  <T> T time(String stage, Supplier<T> work) {
    if (Thread.currentThread().isInterrupted()) {
      throw new ImageFailure(
          ErrorCode.TIMEOUT, "stopped before " + stage + ": the image ran out of time");
    }
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      listener.stage(stage, (System.nanoTime() - t0) / 1e6);
    }
  }

  void time(String stage, Runnable work) {
    time(
        stage,
        () -> {
          work.run();
          return null;
        });
  }

  void add(String stage, double ms) {
    listener.stage(stage, ms);
  }
}
