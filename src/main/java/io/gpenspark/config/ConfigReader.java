package io.gpenspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Typed, validated reads of full key paths. Every failure names the key, echoes the value as the
 * user wrote it and says what is expected, so a broken job configuration stops with one line that
 * says what to fix; the config library's own wording (origins, type names) never reaches the user.
 */
public final class ConfigReader {
  private static final int ECHO_MAX = 80;

  private final Config config;

  public ConfigReader(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public boolean bool(String key) {
    return read(key, "true or false", () -> config.getBoolean(key));
  }

  public int intAtLeast(String key, int min) {
    return (int) whole(key, min, Integer.MAX_VALUE);
  }

  public int intIn(String key, int min, int max) {
    return (int) whole(key, min, max);
  }

  public long longAtLeast(String key, long min) {
    return whole(key, min, Long.MAX_VALUE);
  }

  public double doubleIn(String key, double min, double max) {
    String expected = "a number from " + plain(min) + " to " + plain(max);
    double v = read(key, expected, () -> config.getDouble(key));
    if (!(v >= min && v <= max)) {
      throw bad(key, expected);
    }
    return v;
  }

  public double positiveDouble(String key) {
    String expected = "a number > 0";
    double v = read(key, expected, () -> config.getDouble(key));
    if (!(v > 0) || Double.isInfinite(v)) {
      throw bad(key, expected);
    }
    return v;
  }

  public String string(String key) {
    return requiredText(key, "text");
  }

  public Optional<String> optionalString(String key) {
    if (!config.hasPath(key)) {
      return Optional.empty();
    }
    String v = read(key, "text", () -> config.getString(key)).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /**
   * A duration written with its unit (HOCON: 500ms, 30s, 90m, 2h, 1d), or empty for null. A bare
   * number is refused: HOCON would read it as milliseconds, which nobody means by "deadline 2".
   */
  public Optional<Duration> optionalDuration(String key) {
    if (!config.hasPath(key)) {
      return Optional.empty();
    }
    String expected = "a duration with a unit, e.g. 90m, 2h, 30s";
    if (config.getValue(key).valueType() != ConfigValueType.STRING) {
      throw bad(key, expected);
    }
    Duration d = read(key, expected, () -> config.getDuration(key));
    if (d.isNegative()) {
      throw bad(key, expected);
    }
    return Optional.of(d);
  }

  /** A lower-case choice among {@code allowed}. */
  public String oneOf(String key, String... allowed) {
    String expected = "one of " + String.join(" | ", allowed);
    String v = requiredText(key, expected).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw bad(key, expected);
    }
    return v;
  }

  public List<String> stringList(String key) {
    return read(key, "a list in brackets, e.g. [a, b]", () -> config.getStringList(key));
  }

  public static InvalidConfigException invalid(String key, String problem) {
    return new InvalidConfigException("configuration key '" + key + "' " + problem);
  }

  private String requiredText(String key, String expected) {
    if (!config.hasPath(key)) {
      throw invalid(key, "is required");
    }
    String v = read(key, expected, () -> config.getString(key)).trim();
    if (v.isEmpty()) {
      throw invalid(key, "is required");
    }
    return v;
  }

  /** A whole number in [min, max]; 1.5 is refused rather than cut to 1 as the library would. */
  private long whole(String key, long min, long max) {
    boolean typeLimit = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
    String expected = "a whole number " + (typeLimit ? ">= " + min : "from " + min + " to " + max);
    Number n = read(key, expected, () -> config.getNumber(key));
    double d = n.doubleValue();
    boolean integral =
        n instanceof Integer || n instanceof Long || (d == Math.rint(d) && Math.abs(d) < 0x1p63);
    if (!integral || n.longValue() < min || n.longValue() > max) {
      throw bad(
          key, expected + (typeLimit && integral && n.longValue() > max ? " and <= " + max : ""));
    }
    return n.longValue();
  }

  private <T> T read(String key, String expected, Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw invalid(key, "is required");
    } catch (ConfigException e) { // WrongType, BadValue: the library's text names its own types
      throw bad(key, expected);
    }
  }

  private InvalidConfigException bad(String key, String expected) {
    ConfigValue v;
    try {
      v = config.getValue(key);
    } catch (ConfigException e) { // a value over a whole section (JobConfig refuses those at load)
      v = null;
    }
    return badValue(key, v, expected);
  }

  /** "configuration key 'k' = 'abc' in a.conf line 3: expected ..." */
  static InvalidConfigException badValue(String key, ConfigValue v, String expected) {
    String given = v == null ? "" : " = '" + echo(v) + "'" + in(v.origin());
    return new InvalidConfigException(
        "configuration key '" + key + "'" + given + ": expected " + expected);
  }

  /** The value as the user wrote it (strings unquoted, lists in brackets), on one short line. */
  static String echo(ConfigValue v) {
    String s =
        switch (v.valueType()) {
          case STRING -> (String) v.unwrapped();
          case LIST ->
              ((List<?>) v)
                  .stream()
                      .map(e -> echo((ConfigValue) e))
                      .collect(Collectors.joining(", ", "[", "]"));
          default -> v.render(ConfigRenderOptions.concise());
        };
    s = s.replace("\r", "").replace("\n", "\\n");
    return s.length() > ECHO_MAX ? s.substring(0, ECHO_MAX - 3) + "..." : s;
  }

  /** "FILE line N" for a value from a user file; empty for --set values and reference.conf. */
  static Optional<String> where(ConfigOrigin origin) {
    if (origin == null || origin.filename() == null) {
      return Optional.empty();
    }
    return Optional.of(
        origin.filename() + (origin.lineNumber() > 0 ? " line " + origin.lineNumber() : ""));
  }

  /** " in FILE line N", or nothing where {@link #where} has nothing to say. */
  static String in(ConfigOrigin origin) {
    return where(origin).map(w -> " in " + w).orElse("");
  }

  /** The library's message without the origin it starts with ("String: 1: ", "a.conf: 3: "). */
  static String withoutOrigin(ConfigException e) {
    String m = String.valueOf(e.getMessage());
    String prefix = e.origin() == null ? null : e.origin().description() + ": ";
    if (prefix != null && m.startsWith(prefix)) {
      m = m.substring(prefix.length());
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** 0.0 as 0, 0.15 as 0.15: bounds read as a user would write them. */
  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
