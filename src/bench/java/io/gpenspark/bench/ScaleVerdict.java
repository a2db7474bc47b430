package io.gpenspark.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale section's conclusions from its runs (as {@link ScaleSection} records them): the
 * marginal cost per input of each size above the baseline (whole run, launch to exit, CPU, and list
 * + plan where a run record gives them), the growth exponents, and the verdict at the largest size
 * against {@link ScaleSection#TARGET_MS_PER_INPUT} and {@link ScaleSection#TARGET_HEAP_MIB}.
 */
final class ScaleVerdict {
  private ScaleVerdict() {}

  /** Adds "marginal" to each run above the baseline; returns the curve and the verdict. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> of(int baseline, List<Map<String, Object>> runs) {
    Map<String, Object> base =
        runs.stream()
            .filter(r -> ((Number) r.get("n")).intValue() == baseline && !r.containsKey("error"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the baseline run did not complete"));
    List<Long> ns = new ArrayList<>();
    List<Double> ts = new ArrayList<>();
    for (Map<String, Object> r : runs) {
      long n = ((Number) r.get("n")).longValue();
      if (n == baseline || r.containsKey("error")) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runMsPerInput", marginal(base, r, "run", "seconds"));
      m.put("launchMsPerInput", marginal(base, r, null, "launchSeconds"));
      m.put("cpuMsPerInput", marginal(base, r, null, "cpuSeconds"));
      m.put(
          "planningMsPerInput",
          ScaleSection.finite(ScaleCurve.marginalMs(baseline, planning(base), n, planning(r))));
      r.put("marginal", m);
      ns.add(n);
      ts.add(Bench.number((Map<String, Object>) r.get("run"), "seconds"));
    }
    double t0 = Bench.number((Map<String, Object>) base.get("run"), "seconds");
    List<Double> exponents = ScaleCurve.exponents(baseline, t0, ns, ts);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exponents", exponents.stream().map(ScaleSection::finite).toList());
    out.put("shape", ScaleCurve.shape(baseline, t0, ns, ts));
    out.put("verdict", verdict(runs.get(runs.size() - 1)));
    return out;
  }

  /** The largest size against the targets. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> verdict(Map<String, Object> largest) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("n", largest.get("n"));
    if (largest.containsKey("error")) {
      v.put("planningMet", false);
      v.put("heapMet", false);
      v.put("text", "the run failed: " + largest.get("error"));
      return v;
    }
    Map<String, Object> marginal = (Map<String, Object>) largest.get("marginal");
    double planning = Bench.number(marginal, "planningMsPerInput");
    String from = "list + plan of the run record";
    if (Double.isNaN(planning)) {
      planning = Bench.number(marginal, "runMsPerInput");
      from = "the whole run (no run record: an upper bound of planning)";
    }
    Map<String, Object> run = (Map<String, Object>) largest.get("run");
    double heap = Bench.number(run, "heapPeakMiB");
    String heapFrom = "the run record";
    if (Double.isNaN(heap)) {
      heap = Bench.number((Map<String, Object>) largest.get("gc"), "heapBeforeGcMaxMiB");
      heapFrom = "the GC log (most in use at a collection: a lower bound)";
    }
    v.put("msPerInput", ScaleSection.finite(planning));
    v.put("msPerInputFrom", from);
    v.put("planningMet", planning <= ScaleSection.TARGET_MS_PER_INPUT);
    v.put("heapPeakMiB", ScaleSection.finite(heap));
    v.put("heapFrom", heapFrom);
    v.put("heapMet", heap <= ScaleSection.TARGET_HEAP_MIB);
    v.put("peakRssMiB", largest.get("peakRssMiB"));
    return v;
  }

  /** List + plan seconds of a run (NaN without a run record). */
  @SuppressWarnings("unchecked")
  private static double planning(Map<String, Object> r) {
    Map<String, Object> run = (Map<String, Object>) r.get("run");
    return Bench.number(run, "listSeconds") + Bench.number(run, "planSeconds");
  }

  @SuppressWarnings("unchecked")
  private static Double marginal(
      Map<String, Object> base, Map<String, Object> r, String within, String key) {
    Map<String, Object> a = within == null ? base : (Map<String, Object>) base.get(within);
    Map<String, Object> b = within == null ? r : (Map<String, Object>) r.get(within);
    return ScaleSection.finite(
        ScaleCurve.marginalMs(
            ((Number) base.get("n")).longValue(),
            Bench.number(a, key),
            ((Number) r.get("n")).longValue(),
            Bench.number(b, key)));
  }
}
