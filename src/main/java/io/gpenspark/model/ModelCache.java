package io.gpenspark.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * This JVM's loaded models, shared by the task threads that use the same one: keyed by what
 * identifies a loaded model (file, checksum, device, settings that change its weights), never by
 * run settings. A model stays loaded while a lease on it is open and, idle, until its run ends:
 * {@link #releaseIdle()} (the driver at the end of a run; a standalone pipeline when it closes), or
 * until a lease for another run asks for any model here, so an executor that outlives a run does
 * not keep that run's models.
 */
public final class ModelCache {
  private static final Map<String, Entry> ENTRIES = new HashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ModelCache::closeAll, "gpen-spark-models-close"));
  }

  private ModelCache() {}

  /** A model in use; closing the lease hands it back (it is closed later, when idle). */
  public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final Entry entry;
    private boolean open = true;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    @SuppressWarnings("unchecked")
    public T get() {
      return (T) entry.model;
    }

    @Override
    public void close() {
      synchronized (ModelCache.class) {
        if (open) {
          open = false;
          entry.leases--;
        }
      }
    }
  }

  private static final class Entry {
    final AutoCloseable model;
    int leases;
    String run;

    Entry(AutoCloseable model) {
      this.model = model;
    }
  }

  /**
   * The model under {@code key}, loaded by {@code load} on first use. Loading runs under the
   * cache's lock: the task threads of an executor wait for the one load rather than each loading.
   */
  public static synchronized <T extends AutoCloseable> Lease<T> acquire(
      String key, String run, Supplier<T> load) {
    closeIdle(e -> !run.equals(e.run));
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      entry = new Entry(load.get());
      ENTRIES.put(key, entry);
    }
    entry.leases++;
    entry.run = run;
    return new Lease<>(entry);
  }

  /** Closes every model no lease holds. */
  public static synchronized void releaseIdle() {
    closeIdle(e -> true);
  }

  /** Models loaded now (for tests and the benchmark's memory accounting). */
  public static synchronized int loaded() {
    return ENTRIES.size();
  }

  private static void closeIdle(Predicate<Entry> which) {
    List<String> gone = new ArrayList<>();
    ENTRIES.forEach(
        (key, e) -> {
          if (e.leases == 0 && which.test(e)) {
            gone.add(key);
          }
        });
    gone.forEach(key -> close(ENTRIES.remove(key)));
  }

  private static synchronized void closeAll() {
    ENTRIES.values().forEach(ModelCache::close);
    ENTRIES.clear();
  }

  private static void close(Entry e) {
    try {
      e.model.close();
    } catch (
        Exception ignored) { // closing native handles at exit or between runs: nothing to recover
    }
  }
}
