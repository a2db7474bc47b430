package io.gpenspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's configuration: reference.conf defaults, overlaid by a user file and by {@code
 * key=value} overrides. Unknown keys stop the job, except under {@code spark.}, which is passed to
 * Spark. Serializable as its rendered text, so executors rebuild the same config.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String SPARK_PREFIX = "spark.";

  /** Sections whose values change the pixels of an output; they make up the config hash. */
  private static final List<String> PIXEL_SECTIONS =
      List.of(
          "preprocess",
          "detect",
          "restore",
          "postprocess",
          "output.format",
          "output.jpeg-quality",
          "output.resolution",
          "metrics");

  private final String rendered;
  private transient Config config;

  private JobConfig(Config resolved) {
    this.config = resolved;
    this.rendered = resolved.root().render(ConfigRenderOptions.concise());
  }

  public static Config reference() {
    return ConfigFactory.parseResources(
        JobConfig.class.getClassLoader(),
        "io/gpenspark/reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** Builds and validates the configuration; any problem is an {@link InvalidConfigException}. */
  public static JobConfig load(File userFile, Map<String, String> overrides) {
    Config reference = reference();
    Config user = ConfigFactory.empty();
    if (userFile != null) {
      if (!userFile.isFile()) {
        throw new InvalidConfigException("configuration file not found: " + userFile);
      }
      try {
        user =
            ConfigFactory.parseFile(
                userFile,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      } catch (ConfigException e) {
        // The origin names the file (or an included one) and the line: say it once, our way.
        throw new InvalidConfigException(
            "cannot parse "
                + ConfigReader.where(e.origin()).orElse(userFile.getPath())
                + ": "
                + ConfigReader.withoutOrigin(e),
            e);
      }
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      try {
        user = parseOverride(o.getKey(), o.getValue()).withFallback(user);
      } catch (
          ConfigException.BadPath e) { // "a..b", "x.": no key could be meant, but a near one may be
        throw unknownKey(o.getKey(), null, reference);
      }
    }
    Config resolved;
    try {
      resolved = user.withFallback(reference).resolve();
      // Keys are checked on the user's part alone, resolved so a ${substitution} cannot hide one.
      user = user.resolveWith(resolved);
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          "cannot resolve the configuration"
              + ConfigReader.in(e.origin())
              + ": "
              + ConfigReader.withoutOrigin(e),
          e);
    }
    rejectUnknownKeys(user.root(), List.of(), reference);
    return new JobConfig(resolved);
  }

  /**
   * {@code --set key=value}: the value is read as HOCON (numbers, lists, null) or else as a string.
   */
  private static Config parseOverride(String key, String value) {
    if (key.isBlank()) {
      throw new InvalidConfigException("--set needs key=value, got '=" + value + "'");
    }
    if (key.startsWith(SPARK_PREFIX)) {
      // Spark keys are flat strings, some with segments HOCON would split: keep them verbatim.
      return ConfigFactory.empty().withValue(quotedPath(key), ConfigValueFactory.fromAnyRef(value));
    }
    Config verbatim = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    try {
      Config parsed = ConfigFactory.parseString(key + " = " + value);
      // Strings are taken verbatim (HOCON would cut "s3a://x" at its "//" comment); HOCON
      // parsing is only for numbers, booleans, null, lists and objects.
      boolean isString =
          parsed.hasPath(key)
              && parsed.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING;
      return isString && !value.startsWith("\"") ? verbatim : parsed;
    } catch (ConfigException e) {
      return verbatim;
    }
  }

  private static String quotedPath(String sparkKey) {
    return "spark.\"" + sparkKey.substring(SPARK_PREFIX.length()).replace("\"", "\\\"") + "\"";
  }

  /**
   * Every key the user set must be in reference.conf (spark.* is Spark's), and a value must not
   * replace a whole section. Walks the tree rather than entrySet(), which leaves out nulls.
   */
  private static void rejectUnknownKeys(ConfigObject obj, List<String> parent, Config reference) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      List<String> segments = new ArrayList<>(parent);
      segments.add(e.getKey());
      ConfigValue v = e.getValue();
      if (parent.isEmpty() && SPARK_PREFIX.equals(e.getKey() + ".")) {
        continue;
      }
      if (v.valueType() == ConfigValueType.OBJECT) {
        rejectUnknownKeys((ConfigObject) v, segments, reference);
        continue;
      }
      String path = ConfigUtil.joinPath(segments);
      String key = String.join(".", segments);
      if (!reference.hasPathOrNull(path)) {
        throw unknownKey(key, v, reference);
      }
      if (!reference.getIsNull(path)
          && reference.getValue(path).valueType() == ConfigValueType.OBJECT) {
        throw ConfigReader.badValue(key, v, "a section of keys, not a value");
      }
    }
  }

  /** "unknown configuration key 'k' in a.conf line 3 (did you mean 'x'?)" */
  private static InvalidConfigException unknownKey(String key, ConfigValue v, Config reference) {
    String where = v == null ? "" : ConfigReader.in(v.origin());
    String hint =
        new KnownKeys(reference)
            .nearest(key)
            .map(k -> " (did you mean '" + k + "'?)")
            .orElse("; see reference.conf for the known keys");
    return new InvalidConfigException("unknown configuration key '" + key + "'" + where + hint);
  }

  public Config config() {
    if (config == null) {
      config = ConfigFactory.parseString(rendered).resolve();
    }
    return config;
  }

  public ConfigReader reader() {
    return new ConfigReader(config());
  }

  /** Every {@code spark.*} key, flattened to Spark's own key names. */
  public Map<String, String> sparkSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    Config c = config();
    if (!c.hasPath("spark")) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : c.getConfig("spark").entrySet()) {
      String key = SPARK_PREFIX + e.getKey().replace("\"", "");
      out.put(key, String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** sha256 of the settings that change output pixels, so re-runs can tell what changed. */
  public String hash() {
    Map<String, Object> pixels = new TreeMap<>();
    Config c = config();
    for (String section : PIXEL_SECTIONS) {
      if (c.hasPathOrNull(section)) {
        pixels.put(section, c.getIsNull(section) ? null : c.getValue(section).unwrapped());
      }
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(pixels).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String canonical(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      new TreeMap<>((Map<String, Object>) m)
          .forEach((k, x) -> sb.append(k).append('=').append(canonical(x)).append(';'));
      return sb.append('}').toString();
    }
    return String.valueOf(v);
  }
}
