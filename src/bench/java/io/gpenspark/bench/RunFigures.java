package io.gpenspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a launched run says about itself, from its run record {@code <output>/_runs/<run_id>.json}:
 * inputs, to process, unchanged, seconds, list/plan/process/commit seconds, the driver's heap peak.
 * Figures the record lacks are NaN.
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

  /** The run record of {@code run} under {@code output}; every run writes one. */
  static RunFigures of(Path output, JobLaunch.Result run) throws IOException {
    Path record = output.resolve("_runs").resolve(run.runId() + ".json");
    if (!Files.isRegularFile(record)) {
      throw new IllegalStateException(
          "the run wrote no run record " + record + ": " + run.summary());
    }
    return fromRecord(Bench.readJson(record), record);
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

  /** List plus plan seconds. */
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
