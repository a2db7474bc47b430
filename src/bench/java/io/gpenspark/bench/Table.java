package io.gpenspark.bench;

import io.gpenspark.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as text tables ({@link TextTable}, numbers right-aligned). */
final class Table {
  private Table() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> report) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) report.get("machine");
    line(
        b,
        "gpen-spark bench  %s  %s, %s cores, AVX-512 %s, %.0f GiB, %s",
        machine.get("date"),
        machine.get("cpu"),
        machine.get("cores"),
        machine.get("avx512"),
        ((Number) machine.get("memoryGiB")).doubleValue(),
        machine.get("java"));
    Map<String, Object> memory = (Map<String, Object>) report.get("nativeMemory");
    line(
        b,
        "load (1/5/15 min) before %s, after %s; allocator %s, THP %s",
        report.get("loadBefore"),
        report.get("loadAfter"),
        memory.get("allocator"),
        memory.get("thp"));
    line(b, "command: %s", report.get("command"));

    if (report.get("model") instanceof List<?> runs) {
      line(b, "");
      line(b, "(a) GPEN forward, fp32, random weights of the released layouts");
      for (Object run : runs) {
        Map<String, Object> m = (Map<String, Object>) run;
        List<String[]> rows = new ArrayList<>();
        rows.add(
            new String[] {
              "model",
              "batch",
              "callers",
              "threads",
              "s/face best",
              "s/face med",
              "faces/s",
              "GFLOP/s",
              "cpu-s/f"
            });
        for (Object o : (List<?>) m.get("results")) {
          Map<String, Object> r = (Map<String, Object>) o;
          Map<String, Object> s = (Map<String, Object>) r.get("secondsPerFace");
          rows.add(
              new String[] {
                fmt("GPEN-%s cm%s n%s", r.get("size"), r.get("channelMultiplier"), r.get("narrow")),
                str(r.get("batch")),
                str(r.get("callers")),
                str(r.get("threads")),
                fmt("%.3f", num(s, "best")),
                fmt("%.3f", num(s, "median")),
                fmt("%.2f", num(r, "facesPerSecond")),
                fmt("%.1f", num(r, "gflopsBest")),
                fmt("%.2f", num(r, "cpuSecondsPerFace"))
              });
        }
        b.append(TextTable.render(rows, 1));
        Map<String, Object> gemm = (Map<String, Object>) m.get("sgemm");
        line(
            b,
            "  sgemm %dx%d with the same threading: %.1f GFLOP/s best, %.1f median",
            ((Number) gemm.get("n")).intValue(),
            ((Number) gemm.get("n")).intValue(),
            num(gemm, "gflopsBest"),
            num(gemm, "gflopsMedian"));
      }
    }

    if (report.get("stages") instanceof Map<?, ?> st) {
      Map<String, Object> s = (Map<String, Object>) st;
      line(b, "");
      line(
          b,
          "(b) stages: %s (%s faces) at GPEN-%s, %s runs, %s intra-op threads",
          s.get("photo"),
          s.get("faces"),
          s.get("size"),
          s.get("runs"),
          s.get("intraOpThreads"));
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"stage", "best ms", "median ms", "% of model", ""});
      double model = num((Map<String, Object>) s.get("modelMs"), "median");
      Map<String, Object> stages = (Map<String, Object>) s.get("stageMs");
      for (Map.Entry<String, Object> e : stages.entrySet()) {
        Map<String, Object> v = (Map<String, Object>) e.getValue();
        rows.add(
            new String[] {
              e.getKey(),
              fmt("%.1f", num(v, "best")),
              fmt("%.1f", num(v, "median")),
              fmt("%.1f", 100 * num(v, "median") / model),
              ""
            });
      }
      Map<String, Object> around = (Map<String, Object>) s.get("aroundModelMs");
      Map<String, Object> share = (Map<String, Object>) s.get("aroundModelShare");
      rows.add(
          new String[] {
            "around model",
            fmt("%.1f", num(around, "best")),
            fmt("%.1f", num(around, "median")),
            fmt("%.1f", 100 * num(around, "median") / model),
            fmt(
                "(share: best %.1f %%, median %.1f %%)",
                100 * num(share, "best"), 100 * num(share, "median"))
          });
      b.append(TextTable.render(rows, 1));
    }

    if (report.get("job") instanceof Map<?, ?> jb) {
      Map<String, Object> j = (Map<String, Object>) jb;
      Map<String, Object> spark = (Map<String, Object>) j.get("spark");
      line(b, "");
      line(b, "(c) job vs plain loop: %s images", spark.get("images"));
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"", "seconds", "images/s", "threads", "job/this"});
      rows.add(
          new String[] {
            "Spark job, " + spark.get("master"),
            fmt("%.1f", num(spark, "seconds")),
            fmt("%.3f", num(spark, "imagesPerSecond")),
            "",
            ""
          });
      List<String> same = new ArrayList<>();
      for (Object lo : (List<?>) j.get("loops")) {
        Map<String, Object> loop = (Map<String, Object>) lo;
        String name = "plain loop, " + loop.get("callers") + " thread(s)";
        rows.add(
            new String[] {
              name,
              fmt("%.1f", num(loop, "seconds")),
              fmt("%.3f", num(loop, "imagesPerSecond")),
              str(loop.get("intraOpThreads")),
              fmt("%.3f", num(loop, "ratio"))
            });
        if (loop.get("sameAsJob") instanceof Map<?, ?> m) {
          same.add(
              fmt(
                  "  %s, outputs vs the job's: %s files, %s with the same pixels, max channel difference %s",
                  name, m.get("files"), m.get("samePixelFiles"), m.get("maxChannelDiff")));
        }
      }
      b.append(TextTable.render(rows, 1));
      same.forEach(l -> line(b, "%s", l));
      line(b, "ratio job / faster loop: %.3f", num(j, "ratio"));
      Map<String, Object> perFace = (Map<String, Object>) spark.get("restoreMsPerFace");
      line(
          b,
          "job: launch to exit %.1f s (%.3f images/s); ms_restore per face best %.0f, median %.0f, mean %.0f (%s faces)",
          num(spark, "launchSeconds"),
          num(spark, "launchImagesPerSecond"),
          num(perFace, "best"),
          num(perFace, "median"),
          num(perFace, "mean"),
          perFace.get("n"));
      line(b, "  %s", spark.get("summary"));
    }

    if (report.get("memory") instanceof Map<?, ?> mem) {
      Map<String, Object> m = (Map<String, Object>) mem;
      line(b, "");
      line(
          b,
          "(d) memory: %s faces (%s) at GPEN-%s, %.3f s/face; Java heap %.0f MiB%s",
          m.get("faces"),
          m.get("mode"),
          m.get("size"),
          num(m, "secondsPerFace"),
          num(m, "heapMaxMiB"),
          Boolean.TRUE.equals(m.get("heapPretouched")) ? " fixed and pre-touched" : "");
      line(
          b,
          "RSS start %.0f MiB, after %s warm-up faces %.0f MiB, end %.0f MiB, peak %.0f MiB",
          num(m, "rssStartMiB"),
          m.get("warmUpFaces"),
          num(m, "rssAfterWarmUpMiB"),
          num(m, "rssEndMiB"),
          num(m, "peakRssMiB"));
      line(
          b,
          "RSS slope %.2f KiB/face after warm-up (native, RSS - committed heap: %.2f); second half %.2f KiB/face, %+.1f MiB",
          num(m, "rssSlopeKiBPerFace"),
          num(m, "nativeSlopeKiBPerFace"),
          num(m, "rssSlopeSecondHalfKiBPerFace"),
          num(m, "rssGrowthSecondHalfMiB"));
    }
    if (report.get("scale") instanceof Map<?, ?> scale) {
      b.append(ScaleTable.render((Map<String, Object>) scale));
    }
    if (report.get("overhead") instanceof Map<?, ?> ov) {
      b.append(OverheadSection.table((Map<String, Object>) ov));
    }
    line(b, "");
    line(b, "total %.0f s", num(report, "seconds"));
    return b.toString();
  }

  private static double num(Map<String, Object> m, String key) {
    return Bench.number(m, key);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String str(Object o) {
    return String.valueOf(o);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(fmt(format, args)).append('\n');
  }
}
