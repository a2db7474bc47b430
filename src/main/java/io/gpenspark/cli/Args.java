package io.gpenspark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's flags: {@code --name value} for the flags declared with values, {@code --name} for
 * switches, {@code -h/--help} everywhere. Anything else is a {@link UsageException}. Public for the
 * benchmark (src/bench), the project's one other command line.
 */
public final class Args {
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private boolean help;

  private Args() {}

  /**
   * @param withValue flags that take a value (repeatable: {@link #all} returns every one)
   * @param switches flags without a value
   * @param multi flags that take every following argument up to the next {@code --flag}
   */
  public static Args parse(
      String[] args, Set<String> withValue, Set<String> switches, Set<String> multi) {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (s.equals("-h") || s.equals("--help")) {
        a.help = true;
      } else if (withValue.contains(s)) {
        if (i + 1 >= args.length) {
          throw new UsageException(s + " needs a value");
        }
        a.values.computeIfAbsent(s, k -> new ArrayList<>()).add(args[++i]);
      } else if (switches.contains(s)) {
        a.values.computeIfAbsent(s, k -> new ArrayList<>()).add("true");
      } else if (multi.contains(s)) {
        List<String> list = a.values.computeIfAbsent(s, k -> new ArrayList<>());
        int before = list.size();
        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          list.add(args[++i]);
        }
        if (list.size() == before) {
          throw new UsageException(s + " needs at least one value");
        }
      } else if (s.startsWith("-")) {
        throw new UsageException("unknown argument '" + s + "'");
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  public boolean help() {
    return help;
  }

  public boolean has(String flag) {
    return values.containsKey(flag);
  }

  /** The flag's value (the last one given), or null. */
  public String get(String flag) {
    List<String> v = values.get(flag);
    return v == null ? null : v.get(v.size() - 1);
  }

  public String required(String flag) {
    String v = get(flag);
    if (v == null || v.isBlank()) {
      throw new UsageException(flag + " is required");
    }
    return v;
  }

  public String get(String flag, String dflt) {
    String v = get(flag);
    return v == null ? dflt : v;
  }

  public int intValue(String flag, int dflt, int min, int max) {
    String v = get(flag);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a whole number, got '" + v + "'");
    }
  }

  public long longValue(String flag, long dflt) {
    String v = get(flag);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a whole number, got '" + v + "'");
    }
  }

  public List<String> all(String flag) {
    return values.getOrDefault(flag, List.of());
  }

  public List<String> positional() {
    return positional;
  }

  /** Refuses arguments that are not flags (the commands that take none). */
  public void noPositional() {
    if (!positional.isEmpty()) {
      throw new UsageException("unexpected argument '" + positional.get(0) + "'");
    }
  }

  /** {@code --set spark.key=value} pairs of a command that takes Spark settings only. */
  public Map<String, String> sparkSettings(String flag) {
    Map<String, String> settings = settings(flag);
    settings.keySet().stream()
        .filter(k -> !k.startsWith("spark."))
        .findFirst()
        .ifPresent(
            k -> {
              throw new UsageException("only spark.* keys can be set here, got '" + k + "'");
            });
    return settings;
  }

  /** {@code --set key=value} pairs, in order. */
  public Map<String, String> settings(String flag) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : all(flag)) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(flag + " needs key=value, got '" + kv + "'");
      }
      out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return out;
  }
}
