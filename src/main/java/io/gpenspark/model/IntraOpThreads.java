package io.gpenspark.model;

/**
 * PyTorch intra-op threads per caller, chosen so that threads × concurrent callers ≤ cores
 * (model.intra-op-threads = 0), or as configured. DJL reads these properties once, when the PyTorch
 * engine starts in this JVM, so this runs before the first model is loaded.
 */
public final class IntraOpThreads {
  private static final String THREADS = "ai.djl.pytorch.num_threads";
  private static final String INTEROP = "ai.djl.pytorch.num_interop_threads";

  private IntraOpThreads() {}

  /** {@code concurrentCallers}: how many threads of this JVM run forwards at once (task slots). */
  public static void configure(ModelSettings settings, int concurrentCallers) {
    int cores = Runtime.getRuntime().availableProcessors();
    int threads =
        settings.intraOpThreads() > 0
            ? settings.intraOpThreads()
            : Math.max(1, cores / Math.max(1, concurrentCallers));
    if (System.getProperty(THREADS) == null) {
      System.setProperty(THREADS, Integer.toString(threads));
      System.setProperty(INTEROP, "1"); // GPEN's graph is a chain: no inter-op parallelism to gain
    }
  }
}
