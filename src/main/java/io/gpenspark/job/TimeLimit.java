package io.gpenspark.job;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a step of the pipeline on a worker thread with a time limit (job.image-timeout), so one
 * pathological image cannot stall its task. A step out of time is interrupted and abandoned (native
 * work cannot be cut short, but the stage clock stops it before its next stage, so it writes
 * nothing more), whatever it still returns is discarded, and the next step gets a fresh worker.
 */
final class TimeLimit implements AutoCloseable {
  private ExecutorService worker;

  /**
   * The step's result, or empty when it ran out of {@code limitMs} (0: no limit, the step runs on
   * the calling thread). Exceptions of the step are thrown here.
   */
  <T> Optional<T> run(Supplier<T> step, long limitMs, Consumer<? super T> discard) {
    if (limitMs <= 0) {
      return Optional.of(step.get());
    }
    Handoff<T> handoff = new Handoff<>(discard);
    Future<?> done = worker().submit(() -> handoff.deliver(step.get()));
    try {
      done.get(limitMs, TimeUnit.MILLISECONDS);
      return Optional.of(handoff.value);
    } catch (TimeoutException e) {
      if (!handoff.abandon()) {
        return Optional.of(handoff.value); // finished just as the limit passed
      }
      done.cancel(true);
      worker.shutdownNow();
      worker = null;
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("task interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private ExecutorService worker() {
    if (worker == null) {
      worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "gpen-spark-image-worker");
                t.setDaemon(true);
                return t;
              });
    }
    return worker;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }

  /** A result crossing from the worker, or discarded there once the caller stopped waiting. */
  private static final class Handoff<T> {
    private final Consumer<? super T> discard;
    private T value;
    private boolean delivered;
    private boolean abandoned;

    Handoff(Consumer<? super T> discard) {
      this.discard = discard;
    }

    synchronized void deliver(T v) {
      if (abandoned) {
        discard.accept(v);
      } else {
        value = v;
        delivered = true;
      }
    }

    /** False when the result is already here. */
    synchronized boolean abandon() {
      abandoned = !delivered;
      return abandoned;
    }
  }
}
