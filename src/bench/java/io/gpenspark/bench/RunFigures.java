package io.gpenspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a launched run says about itself: from its run record {@code <output>/_runs/<run_id>.json}
 * when the job writes one (inputs, to process, unchanged, seconds, list/plan/process/commit
 * seconds, the driver's heap peak), else from its summary line (inputs and rows by status; the
 * whole run's seconds only). Figures a source lacks are NaN.
 */
record RunFigures(
    String source,
    long inputs,
    long toProcess,
    long unchanged,
    double seconds,
    double listSeconds,
    double planSeconds,
    double processSeconds,
    double commitSeconds,
    double heapPeakMiB) {

  private static final Pattern COUNTS = Pattern.compile(": (\\d+) images \\(([^)]*)\\)");

  /** The run record of {@code run} under {@code output} if there is one, else its summary line. */
  static RunFigures of(Path output, JobLaunch.Result run) throws IOException {
    Path record = output.resolve("_runs").resolve(run.runId() + ".json");
    return Files.isRegularFile(record)
        ? fromRecord(Bench.readJson(record), record)
        : fromSummary(run.summary(), run.jobSeconds());
  }

  @SuppressWarnings("unchecked")
  static RunFigures fromRecord(Map<String, Object> r, Path where) {
    Map<String, Object> t =
        r.get("timings_s") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    return new RunFigures(
        "run record " + where.getFileName(),
        (long) Bench.number(r, "inputs"),
        (long) Bench.number(r, "to_process"),
        (long) Bench.number(r, "unchanged"),
        Bench.number(r, "seconds"),
        Bench.number(t, "list"),
        Bench.number(t, "plan"),
        Bench.number(t, "process"),
        Bench.number(t, "commit"),
        Bench.number(r, "driver_heap_peak_bytes") / (1024.0 * 1024.0));
  }

  /**
   * From the summary line: "…: 20000 images (skipped 20000), …". An input not processed is a
   * skipped row (today's nothing-new run still writes one per input).
   */
  static RunFigures fromSummary(String summary, double seconds) {
    Matcher m = COUNTS.matcher(summary);
    if (!m.find()) {
      throw new IllegalStateException("no image counts in the summary line: " + summary);
    }
    long inputs = Long.parseLong(m.group(1));
    long skipped = counts(m.group(2)).getOrDefault("skipped", 0L);
    return new RunFigures(
        "summary line",
        inputs,
        inputs - skipped,
        skipped,
        seconds,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /** "failed 1, ok 3" as a map; "none" is empty. */
  static Map<String, Long> counts(String text) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.strip().split(" ");
      if (kv.length == 2) {
        m.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return m;
  }

  /** List plus plan seconds (NaN without a run record). */
  double planningSeconds() {
    return listSeconds + planSeconds;
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("inputs", inputs);
    m.put("toProcess", toProcess);
    m.put("unchanged", unchanged);
    m.put("seconds", ScaleSection.finite(seconds));
    m.put("listSeconds", ScaleSection.finite(listSeconds));
    m.put("planSeconds", ScaleSection.finite(planSeconds));
    m.put("processSeconds", ScaleSection.finite(processSeconds));
    m.put("commitSeconds", ScaleSection.finite(commitSeconds));
    m.put("heapPeakMiB", ScaleSection.finite(heapPeakMiB));
    return m;
  }
}
