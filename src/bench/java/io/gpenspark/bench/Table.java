package io.gpenspark.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as text tables. */
final class Table {
  private Table() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> report) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) report.get("machine");
    line(b, "gpen-spark bench  %s  %s, %s cores, AVX-512 %s, %.0f GiB, %s",
        machine.get("date"), machine.get("cpu"), machine.get("cores"), machine.get("avx512"),
        ((Number) machine.get("memoryGiB")).doubleValue(), machine.get("java"));
    Map<String, Object> memory = (Map<String, Object>) report.get("nativeMemory");
    line(b, "load (1/5/15 min) before %s, after %s; allocator %s, THP %s",
        report.get("loadBefore"), report.get("loadAfter"), memory.get("allocator"), memory.get("thp"));
    line(b, "command: %s", report.get("command"));

    if (report.get("model") instanceof List<?> runs) {
      line(b, "");
      line(b, "(a) GPEN forward, fp32, random weights of the released layouts");
      line(b, "%-22s %5s %7s %7s %11s %11s %8s %9s %8s", "model", "batch", "callers", "threads",
          "s/face best", "s/face med", "faces/s", "GFLOP/s", "cpu-s/f");
      for (Object run : runs) {
        Map<String, Object> m = (Map<String, Object>) run;
        Map<String, Object> gemm = (Map<String, Object>) m.get("sgemm");
        for (Object o : (List<?>) m.get("results")) {
          Map<String, Object> r = (Map<String, Object>) o;
          Map<String, Object> s = (Map<String, Object>) r.get("secondsPerFace");
          line(b, "%-22s %5s %7s %7s %11.3f %11.3f %8.2f %9.1f %8.2f",
              String.format(Locale.ROOT, "GPEN-%s cm%s n%s", r.get("size"), r.get("channelMultiplier"),
                  r.get("narrow")),
              r.get("batch"), r.get("callers"), r.get("threads"), num(s, "best"), num(s, "median"),
              num(r, "facesPerSecond"), num(r, "gflopsBest"), num(r, "cpuSecondsPerFace"));
        }
        line(b, "  sgemm %dx%d with the same threading: %.1f GFLOP/s best, %.1f median",
            ((Number) gemm.get("n")).intValue(), ((Number) gemm.get("n")).intValue(),
            num(gemm, "gflopsBest"), num(gemm, "gflopsMedian"));
      }
    }

    if (report.get("stages") instanceof Map<?, ?> st) {
      Map<String, Object> s = (Map<String, Object>) st;
      line(b, "");
      line(b, "(b) stages: %s (%s faces) at GPEN-%s, %s runs, %s intra-op threads", s.get("photo"),
          s.get("faces"), s.get("size"), s.get("runs"), s.get("intraOpThreads"));
      line(b, "%-12s %10s %10s %10s", "stage", "best ms", "median ms", "% of model");
      double model = num((Map<String, Object>) s.get("modelMs"), "median");
      Map<String, Object> stages = (Map<String, Object>) s.get("stageMs");
      for (Map.Entry<String, Object> e : stages.entrySet()) {
        Map<String, Object> v = (Map<String, Object>) e.getValue();
        line(b, "%-12s %10.1f %10.1f %10.1f", e.getKey(), num(v, "best"), num(v, "median"),
            100 * num(v, "median") / model);
      }
      Map<String, Object> around = (Map<String, Object>) s.get("aroundModelMs");
      Map<String, Object> share = (Map<String, Object>) s.get("aroundModelShare");
      line(b, "%-12s %10.1f %10.1f %10.1f   (share: best %.1f %%, median %.1f %%)", "around model",
          num(around, "best"), num(around, "median"), 100 * num(around, "median") / model,
          100 * num(share, "best"), 100 * num(share, "median"));
    }

    if (report.get("job") instanceof Map<?, ?> jb) {
      Map<String, Object> j = (Map<String, Object>) jb;
      Map<String, Object> spark = (Map<String, Object>) j.get("spark");
      line(b, "");
      line(b, "(c) job vs plain loop: %s images", spark.get("images"));
      line(b, "%-34s %9s %9s %8s %10s", "", "seconds", "images/s", "threads", "job/this");
      line(b, "%-34s %9.1f %9.3f %8s", "Spark job, " + spark.get("master"), num(spark, "seconds"),
          num(spark, "imagesPerSecond"), spark.get("intraOpThreads"));
      for (Object lo : (List<?>) j.get("loops")) {
        Map<String, Object> loop = (Map<String, Object>) lo;
        line(b, "%-34s %9.1f %9.3f %8s %10.3f", "plain loop, " + loop.get("callers") + " thread(s)",
            num(loop, "seconds"), num(loop, "imagesPerSecond"), loop.get("intraOpThreads"),
            num(loop, "ratio"));
        if (loop.get("sameAsJob") instanceof Map<?, ?> same) {
          line(b, "  outputs vs the job's: %s files, %s byte-identical, max channel difference %s",
              same.get("files"), same.get("identicalFiles"), same.get("maxChannelDiff"));
        }
      }
      line(b, "ratio job / faster loop: %.3f", num(j, "ratio"));
    }

    if (report.get("memory") instanceof Map<?, ?> mem) {
      Map<String, Object> m = (Map<String, Object>) mem;
      line(b, "");
      line(b, "(d) memory: %s faces (%s) at GPEN-%s, %.3f s/face; Java heap %.0f MiB%s", m.get("faces"),
          m.get("mode"), m.get("size"), num(m, "secondsPerFace"), num(m, "heapMaxMiB"),
          Boolean.TRUE.equals(m.get("heapPretouched")) ? " fixed and pre-touched" : "");
      line(b, "RSS start %.0f MiB, after %s warm-up faces %.0f MiB, end %.0f MiB, peak %.0f MiB",
          num(m, "rssStartMiB"), m.get("warmUpFaces"), num(m, "rssAfterWarmUpMiB"), num(m, "rssEndMiB"),
          num(m, "peakRssMiB"));
      line(b, "RSS slope %.2f KiB/face after warm-up (native, RSS - committed heap: %.2f); second half %.2f KiB/face, %+.1f MiB",
          num(m, "rssSlopeKiBPerFace"), num(m, "nativeSlopeKiBPerFace"),
          num(m, "rssSlopeSecondHalfKiBPerFace"), num(m, "rssGrowthSecondHalfMiB"));
    }
    line(b, "");
    line(b, "total %.0f s", num(report, "seconds"));
    return b.toString();
  }

  private static double num(Map<String, Object> m, String key) {
    return Bench.number(m, key);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
