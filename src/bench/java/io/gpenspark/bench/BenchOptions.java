package io.gpenspark.bench;

import io.gpenspark.cli.Args;
import io.gpenspark.cli.UsageException;
import io.gpenspark.model.gpen.GpenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The benchmark's command line. */
final class BenchOptions {
  static final List<String> SECTIONS =
      List.of("model", "stages", "job", "memory", "scale", "overhead");

  static final String USAGE =
      String.join(
          "\n",
          "usage: submit/bench [--quick] [--sections LIST] [--json FILE] [options]",
          "  --sections LIST     any of model,stages,job,memory,scale,overhead (default: all but scale)",
          "  --quick             a run of a few minutes: GPEN-256 only, 3 runs, 200 memory faces",
          "  --json FILE         also write the results as JSON",
          "model forward (random weights of the released layouts, or --weights):",
          "  --sizes LIST        256 (GPEN-BFR-256: cm 1, narrow 0.5), 512 (GPEN-BFR-512: cm 2, narrow 1),",
          "                      or SIZE:CM:NARROW; default 256,512",
          "  --batches LIST      faces per forward (default 1,2,4)",
          "  --callers LIST      threads calling the model at once, each with its own predictor (default 1)",
          "  --threads N         PyTorch intra-op threads per caller (default cores / callers; also the",
          "                      stages and memory sections, which have one caller)",
          "  --runs N            timed forwards per configuration after one warm-up (default 5)",
          "  --weights FILE      a GPEN .pth to use instead of random weights (every section)",
          "pipeline (a real photo through the job's stages, YuNet and GPEN):",
          "  --photo FILE        default ../shared/testdata/faces/gpen-ffhq/00004.png (1024 px, one face)",
          "  --detector FILE     YuNet .onnx (default models/ or ../shared/models/face_detection_yunet_2023mar.onnx)",
          "  --stage-size N      GPEN size of the stages section (default 512); --stage-runs N (default 5)",
          "  --job-images N      images through the Spark job and through the plain loop (default 16)",
          "  --job-size N        GPEN size of the job section (default 512)",
          "  --job-master M      how the job section launches the job, as users do: local (default:",
          "                      submit/restore-local) | standalone (submit/spark-submit.template, client",
          "                      mode, on a loopback standalone master and one worker of all cores from",
          "                      the Maven Spark jars; needs the cluster jar: mvn -B -DskipTests package)",
          "  --loop-callers LIST threads of the plain loop, each with its own stages, sharing the images",
          "                      and the cores (default 1,2: 1 x all cores, and cores split like the job's tasks)",
          "  --memory-faces N    faces of the memory section (default 1000); --memory-size N (default 256)",
          "  --memory-mode M     pipeline (whole images, default) | forward (the model alone)",
          "  --memory-heap SIZE  the memory section's Java heap, fixed and pre-touched so that RSS",
          "                      changes are native memory (default 2g)",
          "scale (nightly incremental runs that find nothing new, against archive size N):",
          "  --scale-sizes LIST  archive sizes N (default 10000,50000,200000; --quick 2000,10000)",
          "  --scale-baseline N  the tiny run the marginal cost is taken above (default 100)",
          "  --scale-heap SIZE   the launched job's driver heap, -Xmx (default 1g: the target)",
          "  --overhead-images N small no-face JPEGs through submit/restore-local with restoration, pre-",
          "                      and postprocessing off, against a 1-image run: CPU per image outside the",
          "                      model (default 2000); --overhead-folders N (default images / 100),",
          "                      --overhead-size PX (default 64)",
          "  --set key=value     job configuration for the pipeline sections (repeatable)",
          "  --work DIR          cached random weights and scratch files (default $TMPDIR/gpen-bench)",
          "native memory of the section JVMs (set in their environment; ignored with --in-process):",
          "  --allocator A       retain (default): glibc keeps freed memory for reuse (the job's setting,",
          "                      submit/lib/native-memory.env: "
              + Allocator.retainText()
              + ") | system: glibc's defaults",
          "  --thp on|off        THP_MEM_ALLOC_ENABLE=1 (default) or 0: libtorch's transparent huge pages",
          "  --in-process        every section in this JVM (default: each in a fresh JVM with its own",
          "                      thread settings and memory)");

  /** Every section but scale, which writes archives of up to 200,000 files: only when asked. */
  Set<String> sections =
      new LinkedHashSet<>(SECTIONS.stream().filter(s -> !s.equals("scale")).toList());

  List<String> sizes = new ArrayList<>(List.of("256", "512"));
  List<Integer> batches = new ArrayList<>(List.of(1, 2, 4));
  List<Integer> callers = new ArrayList<>(List.of(1));
  int threads;
  int runs = 5;
  Optional<Path> weights = Optional.empty();
  Path photo = Path.of("../shared/testdata/faces/gpen-ffhq/00004.png");
  Optional<Path> detector = Optional.empty();
  int stageSize = 512;
  int stageRuns = 5;
  int jobImages = 16;
  int jobSize = 512;
  String jobMaster = "local";
  List<Integer> loopCallers = new ArrayList<>(List.of(1, 2));
  int memoryFaces = 1000;
  int memorySize = 256;
  String memoryMode = "pipeline";
  String memoryHeap = "2g";
  List<Integer> scaleSizes = new ArrayList<>(List.of(10_000, 50_000, 200_000));
  int scaleBaseline = 100;
  String scaleHeap = "1g";
  int overheadImages = 2000;
  int overheadFolders;
  int overheadSize = 64;
  Map<String, String> settings = new LinkedHashMap<>();
  Path work = Path.of(System.getProperty("java.io.tmpdir"), "gpen-bench");
  Optional<Path> json = Optional.empty();
  boolean inProcess;
  boolean quick;
  String allocator = "retain";
  boolean thp = true;

  /** -h/--help: print {@link #USAGE} and run nothing. */
  boolean help;

  /** Internal: the section a child JVM runs, its result file and the run's scratch folder. */
  String child;

  Path childOut;
  Path scratch;

  /** The arguments as given (children get them again). */
  List<String> args = List.of();

  private static final Set<String> WITH_VALUE =
      Set.of(
          "--sections",
          "--sizes",
          "--batches",
          "--callers",
          "--threads",
          "--runs",
          "--weights",
          "--photo",
          "--detector",
          "--stage-size",
          "--stage-runs",
          "--job-images",
          "--job-size",
          "--job-master",
          "--loop-callers",
          "--memory-faces",
          "--memory-size",
          "--memory-heap",
          "--memory-mode",
          "--scale-sizes",
          "--scale-baseline",
          "--scale-heap",
          "--overhead-images",
          "--overhead-folders",
          "--overhead-size",
          "--set",
          "--work",
          "--allocator",
          "--thp",
          "--json",
          "--child",
          "--child-out",
          "--scratch");
  private static final Set<String> SWITCHES = Set.of("--quick", "--in-process");

  /** The options of {@code argv}; {@link #help} set (and nothing else) for -h/--help. */
  static BenchOptions parse(String[] argv) {
    Args a = Args.parse(argv, WITH_VALUE, SWITCHES, Set.of());
    a.noPositional();
    BenchOptions o = new BenchOptions();
    if (a.help()) {
      o.help = true;
      return o;
    }
    o.args = List.of(argv);
    if (a.has("--quick")) { // the quick defaults, under any flag given
      o.quick = true;
      o.sizes = new ArrayList<>(List.of("256"));
      o.runs = 3;
      o.stageSize = 256;
      o.stageRuns = 3;
      o.jobSize = 256;
      o.memoryFaces = 200;
      o.scaleSizes = new ArrayList<>(List.of(2000, 10_000));
    }
    o.inProcess = a.has("--in-process");
    if (a.has("--sections")) {
      o.sections = new LinkedHashSet<>(list(a.get("--sections")));
      for (String s : o.sections) {
        if (!SECTIONS.contains(s)) {
          throw new UsageException(
              "unknown section '" + s + "' (known: " + String.join(",", SECTIONS) + ")");
        }
      }
    }
    if (a.has("--sizes")) {
      o.sizes = new ArrayList<>(list(a.get("--sizes")));
    }
    o.batches = ints(a, "--batches", o.batches);
    o.callers = ints(a, "--callers", o.callers);
    o.threads = integer(a, "--threads", o.threads, 0);
    o.runs = integer(a, "--runs", o.runs, 1);
    o.weights = Optional.ofNullable(existing(a, "--weights"));
    o.photo = Optional.ofNullable(existing(a, "--photo")).orElse(o.photo);
    o.detector = Optional.ofNullable(existing(a, "--detector"));
    o.stageSize = integer(a, "--stage-size", o.stageSize, 8);
    o.stageRuns = integer(a, "--stage-runs", o.stageRuns, 1);
    o.jobImages = integer(a, "--job-images", o.jobImages, 1);
    o.jobSize = integer(a, "--job-size", o.jobSize, 8);
    o.jobMaster = oneOf(a, "--job-master", o.jobMaster, "local", "standalone");
    o.loopCallers = ints(a, "--loop-callers", o.loopCallers);
    o.memoryFaces = integer(a, "--memory-faces", o.memoryFaces, 2);
    o.memorySize = integer(a, "--memory-size", o.memorySize, 8);
    o.memoryHeap = a.get("--memory-heap", o.memoryHeap);
    if (!o.memoryHeap.matches("\\d+[kKmMgG]?")) {
      throw new UsageException("--memory-heap is a JVM heap size such as 2g, not " + o.memoryHeap);
    }
    o.memoryMode = oneOf(a, "--memory-mode", o.memoryMode, "pipeline", "forward");
    o.scaleSizes = ints(a, "--scale-sizes", o.scaleSizes);
    o.scaleBaseline = integer(a, "--scale-baseline", o.scaleBaseline, 1);
    o.scaleHeap = a.get("--scale-heap", o.scaleHeap);
    if (!o.scaleHeap.matches("\\d+[kKmMgG]?")) {
      throw new UsageException("--scale-heap is a JVM heap size such as 1g, not " + o.scaleHeap);
    }
    if (o.scaleSizes.stream().anyMatch(n -> n <= o.scaleBaseline)) {
      throw new UsageException("--scale-sizes must all exceed --scale-baseline " + o.scaleBaseline);
    }
    o.overheadImages = integer(a, "--overhead-images", o.overheadImages, 2);
    o.overheadFolders = integer(a, "--overhead-folders", Math.max(1, o.overheadImages / 100), 1);
    o.overheadSize = integer(a, "--overhead-size", o.overheadSize, 32);
    o.settings = a.settings("--set");
    o.work = a.has("--work") ? Path.of(a.get("--work")) : o.work;
    o.allocator = oneOf(a, "--allocator", o.allocator, "retain", "system");
    o.thp = oneOf(a, "--thp", "on", "on", "off").equals("on");
    o.json = Optional.ofNullable(a.get("--json")).map(Path::of);
    o.child = a.get("--child");
    o.childOut = a.has("--child-out") ? Path.of(a.get("--child-out")) : null;
    o.scratch = a.has("--scratch") ? Path.of(a.get("--scratch")) : null;
    for (String s : o.sizes) {
      config(s);
    }
    return o;
  }

  /** The GPEN layouts of the model section (or the one of --weights, decided by the caller). */
  List<GpenConfig> modelConfigs() {
    return sizes.stream().map(BenchOptions::config).toList();
  }

  /**
   * 256 and 512 are the released layouts; SIZE:CM:NARROW any other; a bare size gets cm 2, narrow
   * 1.
   */
  static GpenConfig config(String spec) {
    try {
      String[] p = spec.split(":");
      int size = Integer.parseInt(p[0]);
      if (p.length == 3) {
        return new GpenConfig(size, Integer.parseInt(p[1]), Double.parseDouble(p[2]));
      }
      if (p.length != 1) {
        throw new UsageException("a model size is SIZE or SIZE:CM:NARROW, not " + spec);
      }
      return switch (size) {
        case 256 -> new GpenConfig(256, 1, 0.5);
        case 512 -> new GpenConfig(512, 2, 1);
        default -> new GpenConfig(size, 2, 1);
      };
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad model size '" + spec + "': " + e.getMessage());
    }
  }

  /** --detector, else models/…, else ../shared/models/… (relative to the working directory). */
  Path detectorFile() {
    if (detector.isPresent()) {
      return detector.get();
    }
    String name = "face_detection_yunet_2023mar.onnx";
    Path local = Path.of("models", name);
    return Files.isRegularFile(local) ? local : Path.of("../shared/models", name);
  }

  private static List<String> list(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** {@code flag}'s comma-separated whole numbers (each at least 1), or {@code dflt} without it. */
  private static List<Integer> ints(Args a, String flag, List<Integer> dflt) {
    if (!a.has(flag)) {
      return dflt;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : list(a.get(flag))) {
      out.add(integer(s, flag, 1));
    }
    if (out.isEmpty()) {
      throw new UsageException(flag + " needs at least one value");
    }
    return out;
  }

  private static int integer(Args a, String flag, int dflt, int min) {
    return a.has(flag) ? integer(a.get(flag), flag, min) : dflt;
  }

  private static int integer(String v, String flag, int min) {
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new UsageException(flag + " must be at least " + min + ", not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a number, not '" + v + "'");
    }
  }

  /** {@code flag}'s value if it is one of {@code allowed}, or {@code dflt} without it. */
  private static String oneOf(Args a, String flag, String dflt, String... allowed) {
    String v = a.get(flag, dflt);
    if (!Arrays.asList(allowed).contains(v)) {
      throw new UsageException(flag + " is " + String.join(" or ", allowed) + ", not " + v);
    }
    return v;
  }

  /** {@code flag}'s file, which must exist, or null without it. */
  private static Path existing(Args a, String flag) {
    if (!a.has(flag)) {
      return null;
    }
    Path p = Path.of(a.get(flag));
    if (!Files.isRegularFile(p)) {
      throw new UsageException(flag + ": no such file " + a.get(flag));
    }
    return p;
  }
}
