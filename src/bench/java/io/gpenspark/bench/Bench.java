package io.gpenspark.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gpenspark.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * gpen-spark's benchmark (submit/bench): (a) the GPEN forward per layout and batch size, (b) the
 * stage times of one photo through the job's stages, (c) the Spark job against a plain loop over
 * the same images, (d) resident memory over many faces, (e) the per-image cost outside the model on
 * small no-face images, (f) nightly incremental runs that find nothing new against archive size.
 * Each section runs in a fresh JVM (PyTorch's thread settings are fixed when its engine starts, and
 * memory should be the section's own) unless --in-process. Prints a table; --json writes everything
 * measured.
 */
public final class Bench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Bench() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out);
    } catch (UsageException u) {
      System.err.println("gpen-bench: " + u.getMessage() + "\n" + BenchOptions.USAGE);
      code = 2;
    } catch (Exception | Error e) {
      System.err.println("gpen-bench: failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /** Runs the benchmark; returns the report (also printed, and written to --json). */
  static int run(String[] args, PrintStream out) throws Exception {
    BenchOptions o = BenchOptions.parse(args);
    if (o.help) {
      out.println(BenchOptions.USAGE);
      return 0;
    }
    if (o.child != null) {
      JSON.writeValue(o.childOut.toFile(), section(o.child, o, 0));
      return 0;
    }
    Map<String, Object> report = report(o);
    out.print(Table.render(report));
    if (o.json.isPresent()) {
      Path json = o.json.get().toAbsolutePath();
      if (json.getParent() != null) {
        Files.createDirectories(json.getParent());
      }
      JSON.writeValue(json.toFile(), report);
      out.println("JSON: " + json);
    }
    return 0;
  }

  static Map<String, Object> report(BenchOptions o) throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", Machine.describe());
    report.put("command", String.join(" ", o.args));
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("allocator", o.inProcess ? "as started" : o.allocator);
    memory.put("thp", o.inProcess ? "as started" : o.thp);
    report.put("nativeMemory", memory);
    report.put("loadBefore", Machine.load());
    o.scratch = Files.createTempDirectory(Files.createDirectories(o.work), "run-");
    long t0 = System.nanoTime();
    try {
      if (o.sections.contains("model")) {
        List<Object> runs = new ArrayList<>();
        for (int callers : o.callers) {
          runs.add(section("model", o, callers));
        }
        report.put("model", runs);
      }
      if (o.sections.contains("stages")) {
        report.put("stages", section("stages", o, 0));
      }
      if (o.sections.contains("job")) {
        Map<String, Object> job = new LinkedHashMap<>();
        Map<String, Object> spark = section("job-spark", o, 0);
        job.put("spark", spark);
        List<Object> loops = new ArrayList<>();
        double best = 0;
        for (int callers : o.loopCallers) {
          Map<String, Object> loop = section("job-loop", o, callers);
          loop.put("ratio", number(spark, "imagesPerSecond") / number(loop, "imagesPerSecond"));
          best = Math.max(best, number(loop, "imagesPerSecond"));
          loops.add(loop);
        }
        job.put("loops", loops);
        // Against the faster loop: the stricter comparison.
        job.put("ratio", number(spark, "imagesPerSecond") / best);
        report.put("job", job);
      }
      if (o.sections.contains("memory")) {
        report.put("memory", section("memory", o, 0));
      }
      if (o.sections.contains("scale")) {
        report.put("scale", section("scale", o, 0));
      }
      if (o.sections.contains("overhead")) {
        report.put("overhead", section("overhead", o, 0));
      }
    } finally {
      deleteTree(o.scratch);
    }
    report.put("seconds", (System.nanoTime() - t0) / 1e9);
    report.put("loadAfter", Machine.load());
    return report;
  }

  /** One section, here (--in-process or in a child) or in a child JVM. */
  private static Map<String, Object> section(String name, BenchOptions o, int callers)
      throws Exception {
    if (o.inProcess || o.child != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("environment", Allocator.current());
      r.putAll(
          switch (name) {
            case "model" -> ModelSection.run(o, callers > 0 ? callers : o.callers.get(0));
            case "stages" -> StageSection.run(o);
            case "job-spark" -> JobSection.spark(o);
            case "job-loop" -> JobSection.loop(o, callers > 0 ? callers : o.loopCallers.get(0));
            case "memory" -> MemorySection.run(o);
            case "scale" -> ScaleSection.run(o);
            case "overhead" -> OverheadSection.run(o);
            default -> throw new IllegalArgumentException("unknown section " + name);
          });
      return r;
    }
    // Random weights are written here, once, not by two children at the same time.
    if (name.equals("model")) {
      ModelSection.models(o);
    } else if (!o.weights.isPresent() && !name.equals("scale") && !name.equals("overhead")) {
      // (scale and overhead run no GPEN)
      int size =
          name.equals("stages") ? o.stageSize : name.equals("memory") ? o.memorySize : o.jobSize;
      Workload.weights(o, size);
    }
    List<String> childArgs = new ArrayList<>(o.args);
    if (name.equals("model")) {
      childArgs.addAll(List.of("--callers", Integer.toString(callers)));
    } else if (name.equals("job-loop")) {
      childArgs.addAll(List.of("--loop-callers", Integer.toString(callers)));
    }
    Integer threads = childThreads(name, o, callers);
    // The memory section's Java heap is fixed and touched from the start, so that what RSS does
    // afterwards is native memory (G1 growing and touching its heap would otherwise dominate).
    List<String> jvm =
        name.equals("memory")
            ? List.of("-Xms" + o.memoryHeap, "-Xmx" + o.memoryHeap, "-XX:+AlwaysPreTouch")
            : List.of();
    return Child.run(name, o, childArgs, jvm, threads, o.scratch);
  }

  /**
   * Intra-op threads of a child: the callers of the model section and of the loop share the cores
   * (unless --threads); one caller (stages, memory) gets them all (or model.intra-op-threads), as
   * the job's IntraOpThreads gives a lone caller; the Spark child runs no model (the job it
   * launches is left to IntraOpThreads: cores / task slots).
   */
  private static Integer childThreads(String name, BenchOptions o, int callers) {
    int cores = Runtime.getRuntime().availableProcessors();
    String configured = o.settings.get("model.intra-op-threads");
    if (name.equals("job-spark") || name.equals("overhead")) {
      return null;
    }
    if (o.threads > 0) {
      return o.threads;
    }
    if (name.equals("model") || name.equals("job-loop")) {
      return Math.max(1, cores / callers);
    }
    return configured != null && Integer.parseInt(configured) > 0
        ? Integer.parseInt(configured)
        : cores;
  }

  static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static Map<String, Object> readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /** Progress on stderr (the table and JSON path go to stdout). */
  static void log(String format, Object... args) {
    System.err.printf(
        Locale.ROOT, "[bench %tT] " + format + "%n", prepend(System.currentTimeMillis(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** The JVM's own options, for children (a debugger agent is not passed on). */
  static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                !a.startsWith("-agentlib:")
                    && !a.startsWith("-javaagent:")
                    && !a.startsWith("-Dai.djl.pytorch.num_threads=")
                    && !a.startsWith("-Dai.djl.pytorch.num_interop_threads="))
        .toList();
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
