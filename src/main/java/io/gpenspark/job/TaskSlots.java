package io.gpenspark.job;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/** How many tasks this JVM runs at once, from Spark's settings (1 outside Spark). */
final class TaskSlots {
  private TaskSlots() {}

  /** local[N] → N; otherwise executor cores / task cpus. */
  static int here() {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return 1; // outside Spark (tests, benchmarks): one caller
    }
    SparkConf conf = env.conf();
    String master = conf.get("spark.master", "local[*]");
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    if (master.startsWith("local")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("local\\[(\\d+|\\*)").matcher(master);
      int slots = !m.find() ? 1 : m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
      return Math.max(1, slots / taskCpus);
    }
    return Math.max(1, conf.getInt("spark.executor.cores", cores) / taskCpus);
  }
}
