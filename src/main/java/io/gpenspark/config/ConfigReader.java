package io.gpenspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed, validated reads of full key paths. Every failure names the key, so a broken job
 * configuration stops with one line that says what to fix.
 */
public final class ConfigReader {
  private final Config config;

  public ConfigReader(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public boolean bool(String key) {
    return read(key, () -> config.getBoolean(key));
  }

  public int intAtLeast(String key, int min) {
    int v = read(key, () -> config.getInt(key));
    if (v < min) {
      throw invalid(key, "must be at least " + min + ", got " + v);
    }
    return v;
  }

  public int intIn(String key, int min, int max) {
    int v = intAtLeast(key, min);
    if (v > max) {
      throw invalid(key, "must be at most " + max + ", got " + v);
    }
    return v;
  }

  public long longAtLeast(String key, long min) {
    long v = read(key, () -> config.getLong(key));
    if (v < min) {
      throw invalid(key, "must be at least " + min + ", got " + v);
    }
    return v;
  }

  public double doubleIn(String key, double min, double max) {
    double v = read(key, () -> config.getDouble(key));
    if (!(v >= min && v <= max)) {
      throw invalid(key, "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  public double positiveDouble(String key) {
    double v = read(key, () -> config.getDouble(key));
    if (!(v > 0) || Double.isInfinite(v)) {
      throw invalid(key, "must be a positive number, got " + v);
    }
    return v;
  }

  public String string(String key) {
    if (!config.hasPath(key)) {
      throw invalid(key, "is required");
    }
    String v = read(key, () -> config.getString(key)).trim();
    if (v.isEmpty()) {
      throw invalid(key, "is required");
    }
    return v;
  }

  public Optional<String> optionalString(String key) {
    if (!config.hasPath(key)) {
      return Optional.empty();
    }
    String v = read(key, () -> config.getString(key)).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A lower-case choice among {@code allowed}. */
  public String oneOf(String key, String... allowed) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw invalid(key, "must be one of " + String.join(" | ", allowed) + ", got '" + v + "'");
    }
    return v;
  }

  public List<String> stringList(String key) {
    return read(key, () -> config.getStringList(key));
  }

  public static InvalidConfigException invalid(String key, String problem) {
    return new InvalidConfigException("configuration key '" + key + "' " + problem);
  }

  private <T> T read(String key, java.util.function.Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw invalid(key, "is required");
    } catch (ConfigException.WrongType e) {
      throw invalid(key, "has the wrong type: " + firstLine(e.getMessage()));
    } catch (ConfigException e) {
      throw invalid(key, "is invalid: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }
}
