package io.gpenspark.bench;

import io.gpenspark.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    line(
        b,
        "curve: %s; between neighbouring sizes %s",
        s.get("shape"),
        ((List<Object>) s.get("exponents"))
            .stream().map(e -> e == null ? "-" : fmt("%.2f", e)).toList());
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
   * Where the time goes, from the Spark event logs: one row per step (a Spark call, or the driver
   * time before one), one column per N; a step a run lacks (AQE may split a query into other jobs)
   * is "-" there.
   */
  @SuppressWarnings("unchecked")
  private static void timeline(StringBuilder b, List<Map<String, Object>> runs) {
    List<Map<String, Object>> done = runs.stream().filter(r -> r.containsKey("timeline")).toList();
    if (done.isEmpty()) {
      return;
    }
    List<Map<String, String>> cells = new ArrayList<>();
    Map<String, String[]> labels = new LinkedHashMap<>(); // key -> step, code
    List<String> order = new ArrayList<>();
    // The largest run's steps first, in its order; a step another run alone has goes after that
    // run's step before it.
    for (int i = done.size() - 1; i >= 0; i--) {
      Map<String, String> run =
          steps((List<Map<String, Object>>) done.get(i).get("timeline"), labels);
      cells.add(0, run);
      int at = -1;
      for (String key : run.keySet()) {
        int known = order.indexOf(key);
        if (known >= 0) {
          at = known;
        } else {
          order.add(++at, key);
        }
      }
    }
    line(
        b,
        "where the time goes (Spark event log): seconds, and (Spark jobs/tasks) where they ran;"
            + " driver only = between Spark jobs (listing on the driver, planning, the driver's"
            + " checks, the commit)");
    List<String[]> rows = new ArrayList<>();
    String[] head = new String[done.size() + 2];
    head[0] = "step";
    head[1] = "code";
    for (int i = 0; i < done.size(); i++) {
      head[i + 2] = "N=" + done.get(i).get("n");
    }
    rows.add(head);
    for (String key : order) {
      String[] row = new String[done.size() + 2];
      row[0] = labels.get(key)[0];
      row[1] = labels.get(key)[1];
      for (int i = 0; i < done.size(); i++) {
        row[i + 2] = cells.get(i).getOrDefault(key, "-");
      }
      rows.add(row);
    }
    b.append(TextTable.render(rows, 2));
  }

  /**
   * A run's steps as cells by key (the step's call site, with N taken out of its description; a
   * driver-only gap is keyed by the step after it), adding new keys to {@code labels}.
   */
  private static Map<String, String> steps(
      List<Map<String, Object>> timeline, Map<String, String[]> labels) {
    Map<String, double[]> sums = new LinkedHashMap<>(); // seconds, jobs, tasks
    for (int k = 0; k < timeline.size(); k++) {
      Map<String, Object> step = timeline.get(k);
      String what = shorten(str(step.get("what")));
      String where = code(step);
      String key = key(step);
      if (what.equals("driver only") && k + 1 < timeline.size()) {
        where = "before " + code(timeline.get(k + 1));
        key = key + " before " + key(timeline.get(k + 1));
      }
      labels.putIfAbsent(key, new String[] {what, where});
      double[] sum = sums.computeIfAbsent(key, x -> new double[3]);
      sum[0] += num(step, "seconds");
      sum[1] += ((Number) step.get("jobs")).doubleValue();
      sum[2] += ((Number) step.get("tasks")).doubleValue();
    }
    Map<String, String> cells = new LinkedHashMap<>();
    sums.forEach(
        (key, v) ->
            cells.put(
                key, v[1] > 0 ? fmt("%.2f (%.0f/%.0f)", v[0], v[1], v[2]) : fmt("%.2f", v[0])));
    return cells;
  }

  /** A step's description (N taken out) and call site. */
  private static String key(Map<String, Object> step) {
    return shorten(str(step.get("what"))).replaceAll("\\d+", "#") + " " + code(step);
  }

  /**
   * A step's call site; a Spark job started from a Spark thread (AQE's broadcasts and subqueries)
   * has none in the job's code.
   */
  private static String code(Map<String, Object> step) {
    String where = str(step.get("where"));
    if (!where.isEmpty() || ((Number) step.get("jobs")).intValue() == 0) {
      return where;
    }
    return "(a Spark thread's job)";
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
