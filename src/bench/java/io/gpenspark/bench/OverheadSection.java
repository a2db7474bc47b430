package io.gpenspark.bench;

import io.gpenspark.manifest.ManifestFiles;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Section (e): the per-image cost outside the model. N small no-face JPEGs ({@link SmallImages}) in
 * folders through the job launched as users launch it (submit/restore-local), with restoration,
 * pre- and postprocessing off, and the same job on one image for the fixed cost (JVM and Spark
 * start, listing, planning, the manifest commit). CPU is the job process's user + system time, its
 * children included (read from this JVM's reaped-children counters in /proc/self/stat, so Linux
 * only); per image it is (N-image run − 1-image run) / (N − 1).
 */
final class OverheadSection {
  /** Linux's USER_HZ, the unit of /proc's CPU times (fixed by the kernel's ABI). */
  private static final double TICKS_PER_SECOND = 100;

  private OverheadSection() {}

  static Map<String, Object> run(BenchOptions o) throws IOException, InterruptedException {
    int n = o.overheadImages;
    Path images =
        o.work.resolve(
            String.format(
                Locale.ROOT,
                "overhead-%d-in-%d-folders-%dpx",
                n,
                o.overheadFolders,
                o.overheadSize));
    Bench.log("overhead: %d %dx%d JPEGs in %s", n, o.overheadSize, o.overheadSize, images);
    SmallImages.write(images, n, o.overheadFolders, o.overheadSize);
    Path one = SmallImages.write(o.scratch.resolve("overhead-one"), 1, 1, o.overheadSize);

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("images", n);
    r.put("folders", o.overheadFolders);
    r.put("side", o.overheadSize);
    r.put("settings", settings(o));
    r.put("loadBefore", Machine.load());
    Map<String, Object> fixed = launch(o, one, "overhead-out-one");
    Map<String, Object> full = launch(o, images, "overhead-out");
    r.put("loadAfter", Machine.load());
    r.put("oneImage", fixed);
    r.put("run", full);
    double cpu = Bench.number(full, "cpuSeconds") - Bench.number(fixed, "cpuSeconds");
    r.put("cpuMsPerImage", 1000 * cpu / Math.max(1, n - 1));
    r.put("cpuMsPerImageWithStart", 1000 * Bench.number(full, "cpuSeconds") / n);
    double wall = Bench.number(full, "launchSeconds") - Bench.number(fixed, "launchSeconds");
    r.put("coreMsPerImage", 1000 * wall * Runtime.getRuntime().availableProcessors() / (n - 1.0));
    Bench.log(
        "  %.1f ms CPU an image (launch to exit %.1f s, 1 image %.1f s)",
        Bench.number(r, "cpuMsPerImage"),
        Bench.number(full, "launchSeconds"),
        Bench.number(fixed, "launchSeconds"));
    return r;
  }

  /** Restoration, pre- and postprocessing off; YuNet on; then --set. */
  private static Map<String, String> settings(BenchOptions o) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("restore.enabled", "false");
    m.put("preprocess.enabled", "false");
    m.put("postprocess.enabled", "false");
    m.put("detect.model", o.detectorFile().toAbsolutePath().toString());
    m.put("job.progress-interval", "0");
    m.putAll(o.settings);
    return m;
  }

  /** One launch: its times, its CPU, its summary's speeds and its manifest's median stage times. */
  private static Map<String, Object> launch(BenchOptions o, Path in, String out)
      throws IOException, InterruptedException {
    Path output = o.scratch.resolve(out);
    double cpu0 = childrenCpuSeconds();
    JobLaunch.Result run = JobLaunch.run(JobLaunch.restoreLocal(in, output, settings(o)), Map.of());
    double cpu = childrenCpuSeconds() - cpu0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", run.summary());
    m.put("launchSeconds", run.seconds());
    m.put("jobSeconds", run.jobSeconds());
    m.put("cpuSeconds", cpu);
    m.put("processingImagesPerSecond", summaryNumber(run.summary(), "processing images/s"));
    m.put("wallClockImagesPerSecond", summaryNumber(run.summary(), "wall-clock images/s"));
    m.put("stageMsMedian", stageMedians(run.manifest(), run.runId()));
    return m;
  }

  /** CPU seconds (user + system) of this JVM's children that have ended, from /proc/self/stat. */
  static double childrenCpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // Fields after "(comm)": state is field 3; cutime and cstime are fields 16 and 17.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
  }

  private static double summaryNumber(String summary, String label) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([\\d.]+) " + java.util.regex.Pattern.quote(label))
            .matcher(summary);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The median ms of each stage over the run's rows (read without Spark). */
  private static Map<String, Object> stageMedians(String manifest, String runId) {
    List<ManifestRecord> rows =
        ManifestFiles.read(manifest, new Configuration()).stream()
            .filter(r -> runId.equals(r.runId()))
            .toList();
    Map<String, Object> medians = new LinkedHashMap<>();
    for (String stage : ManifestSchema.STAGES) {
      List<Double> ms = new ArrayList<>();
      for (ManifestRecord r : rows) {
        Double v = r.number("ms_" + stage);
        if (v != null) {
          ms.add(v);
        }
      }
      medians.put(stage, Stats.of(ms).median());
    }
    return medians;
  }

  /** The section's lines of the report. */
  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> r) {
    Map<String, Object> one = (Map<String, Object>) r.get("oneImage");
    Map<String, Object> run = (Map<String, Object>) r.get("run");
    StringBuilder b = new StringBuilder();
    b.append(
        fmt(
            "%n(e) overhead: %s no-face %sx%s JPEGs in %s folders, restoration/pre/post off,"
                + " submit/restore-local%n",
            r.get("images"), r.get("side"), r.get("side"), r.get("folders")));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"run", "launch s", "job s", "CPU s", "wall-clock img/s", "processing img/s"});
    rows.add(row("1 image", one));
    rows.add(row(r.get("images") + " images", run));
    b.append(TextTable.render(rows, 1));
    b.append(
        fmt(
            "per image, the 1-image run subtracted: %.1f ms CPU (user+sys), %.1f ms of core time"
                + " (launch wall x %d cores); %.1f ms CPU with the start included%n",
            Bench.number(r, "cpuMsPerImage"),
            Bench.number(r, "coreMsPerImage"),
            Runtime.getRuntime().availableProcessors(),
            Bench.number(r, "cpuMsPerImageWithStart")));
    StringBuilder stages = new StringBuilder();
    ((Map<String, Object>) run.get("stageMsMedian"))
        .forEach((k, v) -> stages.append(fmt(" %s %.2f", k, ((Number) v).doubleValue())));
    b.append(fmt("median ms_* per image (wall):%s%n", stages));
    b.append(fmt("  %s%n", run.get("summary")));
    return b.toString();
  }

  private static String[] row(String name, Map<String, Object> m) {
    return new String[] {
      name,
      fmt("%.1f", Bench.number(m, "launchSeconds")),
      fmt("%.1f", Bench.number(m, "jobSeconds")),
      fmt("%.1f", Bench.number(m, "cpuSeconds")),
      fmt("%.2f", Bench.number(m, "wallClockImagesPerSecond")),
      fmt("%.2f", Bench.number(m, "processingImagesPerSecond"))
    };
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
