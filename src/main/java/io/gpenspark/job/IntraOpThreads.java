package io.gpenspark.job;

import io.gpenspark.config.ConfigReader;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * PyTorch intra-op threads per task, chosen so that threads × concurrent tasks ≤ cores
 * (model.intra-op-threads = 0), or as configured. DJL reads these properties once, when the
 * PyTorch engine starts in this JVM, so this runs before the first model is loaded.
 */
final class IntraOpThreads {
  private static final String THREADS = "ai.djl.pytorch.num_threads";
  private static final String INTEROP = "ai.djl.pytorch.num_interop_threads";

  private IntraOpThreads() {}

  static void configure(ConfigReader cfg) {
    int configured = cfg.intAtLeast("model.intra-op-threads", 0);
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = configured > 0 ? configured : Math.max(1, cores / concurrentTasks(cores));
    if (System.getProperty(THREADS) == null) {
      System.setProperty(THREADS, Integer.toString(threads));
      System.setProperty(INTEROP, "1"); // GPEN's graph is a chain: no inter-op parallelism to gain
    }
  }

  /** Task slots of this executor: local[N] → N; otherwise executor cores / task cpus. */
  static int concurrentTasks(int cores) {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return 1; // outside Spark (tests, benchmarks): one caller
    }
    SparkConf conf = env.conf();
    String master = conf.get("spark.master", "local[*]");
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    if (master.startsWith("local")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)").matcher(master);
      int slots = !m.find() ? 1 : m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
      return Math.max(1, slots / taskCpus);
    }
    return Math.max(1, conf.getInt("spark.executor.cores", cores) / taskCpus);
  }
}
