package io.gpenspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The dotted key paths of reference.conf, to suggest the one a user probably meant. */
final class KnownKeys {
  private final List<String> keys = new ArrayList<>();

  KnownKeys(Config reference) {
    collect(reference.root(), "", keys);
  }

  /** Every leaf (nulls included) as a plain dotted path, in file order of each section. */
  static void collect(ConfigObject obj, String prefix, List<String> out) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue().valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) e.getValue(), path + ".", out);
      } else {
        out.add(path);
      }
    }
  }

  /**
   * The known key nearest to {@code typed}: the one key it is the tail of (its section left out),
   * else by edit distance on the whole path (a typo anywhere), else by the last segment alone (a
   * key put in the wrong section) when one key is the clear best. Empty when nothing is close
   * enough to help.
   */
  Optional<String> nearest(String typed) {
    String t = typed.toLowerCase(Locale.ROOT);
    List<String> tails = keys.stream().filter(k -> k.endsWith("." + t)).toList();
    if (tails.size()
        == 1) { // "resize.enabled" is preprocess.resize.enabled, not 2 edits to restore.enabled
      return Optional.of(tails.get(0));
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : keys) {
      int d = distance(t, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // The whole-path bound alone would let a long section carry a replaced last word
    // ("postprocess.high-frequency.foo" is 5 edits from ".amount"): bound it by the last word too.
    if (best != null
        && bestDistance <= closeEnough(t)
        && bestDistance <= Math.max(2, lastSegment(t).length() / 2)) {
      return Optional.of(best);
    }
    String last = lastSegment(t);
    best = null;
    bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String k : keys) {
      int d = distance(last, lastSegment(k));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance) {
        tie = true;
      }
    }
    // "enabled" ends a dozen keys: guessing one of them would mislead more than it helps.
    return best != null && !tie && bestDistance <= closeEnough(last)
        ? Optional.of(best)
        : Optional.empty();
  }

  private static int closeEnough(String typed) {
    return Math.max(2, typed.length() / 4);
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Levenshtein distance (insertions, deletions, substitutions), two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
