package io.gpenspark.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native-memory environment of a section's JVM. libtorch allocates every activation afresh
 * and frees it at once; glibc hands blocks above its mmap threshold (32 MiB at most) and emptied
 * per-thread heaps back to the kernel, so the next forward takes a page fault and a page clear for
 * every 4 KiB it writes again (GPEN-512: ~400,000 faults and ~30 % of the forward in the kernel).
 * "retain" makes glibc keep and reuse freed memory: one arena (no per-thread heaps to unmap), no
 * mmap for large blocks, no trimming. THP_MEM_ALLOC_ENABLE=1 has libtorch ask for transparent huge
 * pages for large tensors (fewer, larger faults).
 */
final class Allocator {
  static final String TRIM = "100000000000";
  static final List<String> RETAIN_KEYS =
      List.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_");

  private Allocator() {}

  /** Applies the options to a child's environment. */
  static void apply(BenchOptions o, Map<String, String> env) {
    RETAIN_KEYS.forEach(env::remove);
    if (o.allocator.equals("retain")) {
      env.put("MALLOC_ARENA_MAX", "1");
      env.put("MALLOC_MMAP_MAX_", "0");
      env.put("MALLOC_TRIM_THRESHOLD_", TRIM);
    }
    env.put("THP_MEM_ALLOC_ENABLE", o.thp ? "1" : "0");
  }

  /** This process's settings, as it was started. */
  static Map<String, String> current() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : RETAIN_KEYS) {
      m.put(k, System.getenv().getOrDefault(k, "unset"));
    }
    m.put("THP_MEM_ALLOC_ENABLE", System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", "unset"));
    return m;
  }
}
