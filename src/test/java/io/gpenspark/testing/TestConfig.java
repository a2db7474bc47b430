package io.gpenspark.testing;

import com.typesafe.config.ConfigFactory;
import io.gpenspark.config.ConfigReader;

/**
 * The job's reference configuration with HOCON overrides on top, e.g. "preprocess.enabled = false".
 */
public final class TestConfig {
  private TestConfig() {}

  public static ConfigReader with(String... overrides) {
    return new ConfigReader(
        ConfigFactory.parseString(String.join("\n", overrides))
            .withFallback(ConfigFactory.parseResources("io/gpenspark/reference.conf"))
            .resolve());
  }
}
