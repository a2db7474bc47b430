package io.gpenspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver's heap from its GC log ({@code -Xlog:gc:file=…}): the most heap in use when a
 * collection started (a lower bound of the true peak, which may fall between collections), the most
 * heap committed, how many pauses and how long they took together. The run record's peak, where
 * there is one, is the job's own figure.
 */
record GcLog(double heapBeforeGcMaxMiB, double committedMaxMiB, int pauses, double pauseSeconds) {
  // [1.234s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 51M->9M(256M) 4.321ms
  private static final Pattern PAUSE =
      Pattern.compile("Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

  static String jvmOption(Path file) {
    return "-Xlog:gc:file=" + file;
  }

  static GcLog read(Path file) throws IOException {
    return parse(Files.exists(file) ? Files.readAllLines(file) : List.of());
  }

  static GcLog parse(List<String> lines) {
    double before = 0;
    double committed = 0;
    int pauses = 0;
    double ms = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        before = Math.max(before, mib(m.group(1), m.group(2)));
        committed = Math.max(committed, mib(m.group(5), m.group(6)));
        pauses++;
        ms += Double.parseDouble(m.group(7));
      }
    }
    return new GcLog(before, committed, pauses, ms / 1000);
  }

  private static double mib(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heapBeforeGcMaxMiB", heapBeforeGcMaxMiB);
    m.put("committedMaxMiB", committedMaxMiB);
    m.put("pauses", pauses);
    m.put("pauseSeconds", pauseSeconds);
    return m;
  }
}
