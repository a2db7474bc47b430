package io.gpenspark.evaluate;

import io.gpenspark.config.InvalidConfigException;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named configuration of an evaluation: a HOCON file and/or key=value settings over the common
 * ones.
 */
public record Variant(String name, File file, Map<String, String> sets) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * {@code NAME=SPEC}, SPEC one of: a HOCON file (an existing file, or a name ending in .conf);
   * {@code key=value[,key=value]...} (commas inside [..], {..} or quotes do not split); empty for
   * the defaults.
   */
  public static Variant parse(String arg) {
    int eq = arg.indexOf('=');
    if (eq <= 0) {
      throw new InvalidConfigException(
          "a configuration is NAME=FILE or NAME=key=value[,key=value...], got '" + arg + "'");
    }
    String name = arg.substring(0, eq).trim();
    String spec = arg.substring(eq + 1).trim();
    if (!NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          "configuration name '"
              + name
              + "' must be letters, digits, '.', '_' or '-'"
              + " (it names a folder)");
    }
    if (spec.isEmpty()) {
      return new Variant(name, null, Map.of());
    }
    File f = new File(spec);
    if (f.isFile() || (!spec.contains("=") && spec.endsWith(".conf"))) {
      if (!f.isFile()) {
        throw new InvalidConfigException(
            "configuration file not found: " + spec + " (for " + name + ")");
      }
      return new Variant(name, f, Map.of());
    }
    Map<String, String> sets = new LinkedHashMap<>();
    for (String kv : splitTopLevel(spec)) {
      int e = kv.indexOf('=');
      if (e <= 0) {
        throw new InvalidConfigException(
            "configuration " + name + ": expected key=value, got '" + kv + "'");
      }
      sets.put(kv.substring(0, e).trim(), kv.substring(e + 1).trim());
    }
    return new Variant(name, null, sets);
  }

  /** What this variant sets, for the report. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (file != null) {
      parts.add(file.getPath());
    }
    sets.forEach((k, v) -> parts.add(k + "=" + v));
    return parts.isEmpty() ? "defaults" : String.join(", ", parts);
  }

  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }
}
