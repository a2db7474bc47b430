package io.gpenspark.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Settings put into a shared Hadoop Configuration for one test and taken out again on close. */
public final class HadoopSettings implements AutoCloseable {
  private final Configuration conf;
  private final Map<String, String> previous = new LinkedHashMap<>();

  private HadoopSettings(Configuration conf) {
    this.conf = conf;
  }

  public static HadoopSettings apply(Configuration conf, Map<String, String> settings) {
    HadoopSettings h = new HadoopSettings(conf);
    settings.forEach(
        (k, v) -> {
          h.previous.putIfAbsent(k, conf.get(k));
          conf.set(k, v);
        });
    return h;
  }

  @Override
  public void close() {
    previous.forEach(
        (k, v) -> {
          if (v == null) {
            conf.unset(k);
          } else {
            conf.set(k, v);
          }
        });
  }
}
