package io.gpenspark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The native-memory environment of a section's JVM. libtorch allocates every activation afresh and
 * frees it at once; glibc hands blocks above its mmap threshold (32 MiB at most) and emptied
 * per-thread heaps back to the kernel, so the next forward takes a page fault and a page clear for
 * every 4 KiB it writes again (GPEN-512: ~400,000 faults and ~30 % of the forward in the kernel).
 * "retain" makes glibc keep and reuse freed memory: one arena (no per-thread heaps to unmap), no
 * mmap for large blocks, no trimming. THP_MEM_ALLOC_ENABLE=1 has libtorch ask for transparent huge
 * pages for large tensors (fewer, larger faults). The values are those the job's launchers set,
 * read from their one list, {@link #FILE} (the benchmark runs from the repository root).
 */
final class Allocator {
  static final Path FILE = Path.of("submit/lib/native-memory.env");
  static final String THP = "THP_MEM_ALLOC_ENABLE";

  /** The glibc settings of "retain": the file's MALLOC_* lines. */
  static final Map<String, String> RETAIN = new LinkedHashMap<>();

  static {
    Map<String, String> all = read(FILE);
    all.forEach(
        (k, v) -> {
          if (k.startsWith("MALLOC_")) {
            RETAIN.put(k, v);
          }
        });
    if (RETAIN.isEmpty() || !"1".equals(all.get(THP))) {
      throw new IllegalStateException(
          FILE.toAbsolutePath() + " lacks the MALLOC_* or " + THP + "=1 lines");
    }
  }

  private Allocator() {}

  /** NAME=VALUE lines, # comments and blank lines skipped. */
  static Map<String, String> read(Path file) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        int eq = l.indexOf('=');
        if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
          m.put(l.substring(0, eq), l.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
    return m;
  }

  /** Applies the options to a child's environment. */
  static void apply(BenchOptions o, Map<String, String> env) {
    clear(env);
    if (o.allocator.equals("retain")) {
      env.putAll(RETAIN);
    }
    env.put(THP, o.thp ? "1" : "0");
  }

  /** Removes the settings from a child's environment: it starts as from a user's shell. */
  static void clear(Map<String, String> env) {
    RETAIN.keySet().forEach(env::remove);
    env.remove(THP);
  }

  /** The "retain" settings as NAME=VALUE, comma-separated (for the help text). */
  static String retainText() {
    return String.join(
        ", ", RETAIN.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  /** This process's settings, as it was started. */
  static Map<String, String> current() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : RETAIN.keySet()) {
      m.put(k, System.getenv().getOrDefault(k, "unset"));
    }
    m.put(THP, System.getenv().getOrDefault(THP, "unset"));
    return m;
  }
}
