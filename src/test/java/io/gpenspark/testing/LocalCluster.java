package io.gpenspark.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a job process needs to run on Spark's {@code local-cluster[2,1,1024]}: a master and two
 * workers in the driver JVM, each executor its own JVM, launched from a Spark "installation" made
 * of this JVM's classpath.
 */
public final class LocalCluster {
  private final Path home;

  private LocalCluster(Path home) {
    this.home = home;
  }

  /**
   * A Spark home under {@code dir}: jars/ holds links to this JVM's classpath jars (the workers put
   * SPARK_HOME/jars/* on the executors' classpath), conf/ the project's log4j2 settings.
   */
  public static LocalCluster in(Path dir) throws Exception {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    for (Path jar : JobProcess.classpathJars()) {
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    Files.createDirectories(dir.resolve("conf"));
    Files.copy(Path.of("conf/log4j2.properties"), dir.resolve("conf/log4j2.properties"));
    return new LocalCluster(dir);
  }

  /** The job process's environment. */
  public Map<String, String> env() {
    return Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_CONF_DIR",
        home.resolve("conf").toString(),
        "SPARK_SCALA_VERSION",
        "2.12");
  }

  /** The job's --set arguments for the cluster (the executors load this build's classes). */
  public static List<String> settings() {
    return List.of(
        "--set", "spark.master=local-cluster[2,1,1024]",
        "--set", "spark.executor.extraClassPath=" + Path.of("target/classes").toAbsolutePath(),
        "--set", "spark.ui.enabled=false");
  }
}
