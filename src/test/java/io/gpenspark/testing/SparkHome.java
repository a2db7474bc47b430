package io.gpenspark.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Spark "installation" for local-cluster workers to launch executors from: jars/ holds links to
 * this JVM's classpath jars (the workers put SPARK_HOME/jars/* on the executors' classpath), conf/
 * the project's log4j2 settings. A child JVM gets it as SPARK_HOME and SPARK_CONF_DIR.
 */
public final class SparkHome {
  private SparkHome() {}

  public static Path create(Path dir) throws Exception {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    for (Path jar : JobProcess.classpathJars()) {
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    Files.createDirectories(dir.resolve("conf"));
    Files.copy(Path.of("conf/log4j2.properties"), dir.resolve("conf/log4j2.properties"));
    return dir;
  }
}
