package io.gpenspark.bench;

import io.gpenspark.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scale section as text: how the state was built, the table against N, verdict, timeline. */
final class ScaleTable {
  private ScaleTable() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> s) {
    StringBuilder b = new StringBuilder();
    List<Map<String, Object>> runs = (List<Map<String, Object>>) s.get("runs");
    line(b, "");
    line(
        b,
        "(e) scale: nightly incremental run that finds nothing new (submit/restore-local --mode"
            + " incremental, driver -Xmx%s), load (1/5/15 min) before %s, after %s",
        s.get("heap"),
        s.get("loadBefore"),
        s.get("loadAfter"));
    line(b, "%s", s.get("archive"));
    line(b, "%s", s.get("state"));
    line(b, "settings: %s; work %s", s.get("settings"), s.get("work"));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "N",
          "list s",
          "plan s",
          "run s",
          "launch s",
          "ms/input",
          "plan ms/in",
          "cpu ms/in",
          "driver RSS MiB",
          "heap peak MiB",
          "GC s",
          "cpu s",
          "load 1m",
          "figures from"
        });
    for (Map<String, Object> r : runs) {
      Map<String, Object> gc = (Map<String, Object>) r.get("gc");
      List<Double> load = (List<Double>) r.get("loadBefore");
      if (r.containsKey("error")) {
        rows.add(
            new String[] {
              str(r.get("n")),
              "",
              "",
              "",
              "",
              "",
              "",
              fmt("%.0f", num(r, "peakRssMiB")),
              fmt("≥%.0f", num(gc, "heapBeforeGcMaxMiB")),
              fmt("%.1f", num(gc, "pauseSeconds")),
              fmt("%.1f", num(r, "cpuSeconds")),
              fmt("%.1f", load.get(0)),
              "FAILED: " + r.get("error")
            });
        continue;
      }
      Map<String, Object> run = (Map<String, Object>) r.get("run");
      Map<String, Object> marginal =
          r.get("marginal") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      double heap = num(run, "heapPeakMiB");
      rows.add(
          new String[] {
            str(r.get("n")),
            fmt("%.2f", num(run, "listSeconds")),
            fmt("%.2f", num(run, "planSeconds")),
            fmt("%.1f", num(run, "seconds")),
            fmt("%.1f", num(r, "launchSeconds")),
            fmt("%.3f", num(marginal, "runMsPerInput")),
            fmt("%.3f", num(marginal, "planningMsPerInput")),
            fmt("%.3f", num(marginal, "cpuMsPerInput")),
            fmt("%.0f", num(r, "peakRssMiB")),
            Double.isNaN(heap)
                ? fmt("≥%.0f (GC)", num(gc, "heapBeforeGcMaxMiB"))
                : fmt("%.0f", heap),
            fmt("%.1f", num(gc, "pauseSeconds")),
            fmt("%.1f", num(r, "cpuSeconds")),
            fmt("%.1f", load.get(0)),
            str(run.get("source"))
          });
    }
    b.append(TextTable.render(rows, 0));
    line(
        b,
        "ms/input: (t(N) - t(%s)) / (N - %s), t the run's own seconds; plan ms/in the same over list +"
            + " plan ('-': the job wrote no run record); cpu ms/in over the java process's CPU seconds"
            + " (less sensitive to other load)",
        s.get("baseline"),
        s.get("baseline"));
    line(b, "curve: %s; between neighbouring sizes %s", s.get("shape"), s.get("exponents"));
    Map<String, Object> v = (Map<String, Object>) s.get("verdict");
    if (v.containsKey("text")) {
      line(b, "verdict at N=%s: %s", v.get("n"), v.get("text"));
    } else {
      line(
          b,
          "verdict at N=%s: planning %.3f ms/input (target <= %.1f) %s, from %s; driver heap peak %.0f"
              + " MiB (target <= %.0f) %s, from %s; driver RSS %.0f MiB",
          v.get("n"),
          num(v, "msPerInput"),
          ScaleSection.TARGET_MS_PER_INPUT,
          met(v.get("planningMet")),
          v.get("msPerInputFrom"),
          num(v, "heapPeakMiB"),
          ScaleSection.TARGET_HEAP_MIB,
          met(v.get("heapMet")),
          v.get("heapFrom"),
          num(v, "peakRssMiB"));
    }
    timeline(b, runs);
    return b.toString();
  }

  /**
   * Where the time goes, from the Spark event logs: one column per N when every run had the same
   * steps, else the largest run's alone.
   */
  @SuppressWarnings("unchecked")
  private static void timeline(StringBuilder b, List<Map<String, Object>> runs) {
    List<Map<String, Object>> done = runs.stream().filter(r -> r.containsKey("timeline")).toList();
    if (done.isEmpty()) {
      return;
    }
    List<String> labels = labels(done.get(done.size() - 1));
    List<Map<String, Object>> shown =
        done.stream().allMatch(r -> labels(r).equals(labels))
            ? done
            : List.of(done.get(done.size() - 1));
    line(
        b,
        "where the time goes (Spark event log): seconds, and (Spark jobs/tasks) where they ran;"
            + " driver only = between Spark jobs (listing on the driver, planning, the driver's"
            + " checks)");
    List<String[]> rows = new ArrayList<>();
    String[] head = new String[shown.size() + 2];
    head[0] = "step";
    head[1] = "code";
    for (int i = 0; i < shown.size(); i++) {
      head[i + 2] = "N=" + shown.get(i).get("n");
    }
    rows.add(head);
    for (int k = 0; k < labels.size(); k++) {
      String[] row = new String[shown.size() + 2];
      Map<String, Object> last =
          (Map<String, Object>) ((List<?>) shown.get(shown.size() - 1).get("timeline")).get(k);
      row[0] = shorten(str(last.get("what")));
      row[1] = str(last.get("where"));
      for (int i = 0; i < shown.size(); i++) {
        Map<String, Object> step =
            (Map<String, Object>) ((List<?>) shown.get(i).get("timeline")).get(k);
        int jobs = ((Number) step.get("jobs")).intValue();
        row[i + 2] =
            jobs > 0
                ? fmt(
                    "%.2f (%d/%d)",
                    num(step, "seconds"), jobs, ((Number) step.get("tasks")).intValue())
                : fmt("%.2f", num(step, "seconds"));
      }
      rows.add(row);
    }
    b.append(TextTable.render(rows, 2));
  }

  @SuppressWarnings("unchecked")
  private static List<String> labels(Map<String, Object> run) {
    return ((List<Map<String, Object>>) run.get("timeline"))
        .stream()
            .map(s -> shorten(str(s.get("what"))).replaceAll("\\d+", "#") + " " + s.get("where"))
            .toList();
  }

  /** A job description without the run's paths (they repeat the archive's). */
  private static String shorten(String what) {
    String s = what.replaceAll("(file:)?/\\S+", "…");
    return s.length() > 60 ? s.substring(0, 59) + "…" : s;
  }

  private static String met(Object ok) {
    return Boolean.TRUE.equals(ok) ? "MET" : "MISSED";
  }

  private static double num(Map<String, Object> m, String key) {
    return Bench.number(m, key);
  }

  private static String fmt(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    return s.contains("NaN") ? "-" : s;
  }

  private static String str(Object o) {
    return String.valueOf(o);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
