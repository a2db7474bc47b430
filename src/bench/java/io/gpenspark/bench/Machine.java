package io.gpenspark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the numbers were taken on: CPU, memory, load, JVM, and this process's memory. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    m.put("host", hostName());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuInfo("model name").orElse(System.getProperty("os.arch")));
    String flags = cpuInfo("flags").orElse("");
    m.put("avx512", flags.contains("avx512f"));
    m.put("avx2", flags.contains("avx2"));
    m.put("memoryGiB", memTotalKiB() / 1024.0 / 1024.0);
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put(
        "thpSetting",
        readFirstLine(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).orElse("n/a"));
    return m;
  }

  /** The 1, 5 and 15 minute load averages (Linux), or empty. */
  static List<Double> load() {
    List<Double> out = new ArrayList<>();
    readFirstLine(Path.of("/proc/loadavg"))
        .ifPresent(
            l -> {
              String[] p = l.trim().split("\\s+");
              for (int i = 0; i < 3 && i < p.length; i++) {
                out.add(Double.parseDouble(p[i]));
              }
            });
    if (out.isEmpty()) {
      out.add(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    return out;
  }

  /** VmRSS of this process in KiB (Linux /proc/self/status), or -1. */
  static long rssKiB() {
    return statusKiB("VmRSS:");
  }

  /** VmHWM (peak resident set) of this process in KiB, or -1. */
  static long peakRssKiB() {
    return statusKiB("VmHWM:");
  }

  private static long statusKiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Process CPU time in ns (all threads). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long memTotalKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize()
        / 1024;
  }

  private static Optional<String> cpuInfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key)) {
          return Optional.of(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> readFirstLine(Path p) {
    try {
      List<String> lines = Files.readAllLines(p);
      return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
