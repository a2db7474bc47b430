package io.gpenspark.bench;

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
  static final List<String> SECTIONS = List.of("model", "stages", "job", "memory");

  static final String USAGE =
      String.join(
          "\n",
          "usage: submit/bench [--quick] [--sections LIST] [--json FILE] [options]",
          "  --sections LIST     any of model,stages,job,memory (default: all)",
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
          "  --job-size N        GPEN size of the job section (default 512); --job-master M (default local[2])",
          "  --loop-callers LIST threads of the plain loop, each with its own stages, sharing the images",
          "                      and the cores (default 1,2: 1 x all cores, and cores split like the job's tasks)",
          "  --memory-faces N    faces of the memory section (default 1000); --memory-size N (default 256)",
          "  --memory-mode M     pipeline (whole images, default) | forward (the model alone)",
          "  --memory-heap SIZE  the memory section's Java heap, fixed and pre-touched so that RSS",
          "                      changes are native memory (default 2g)",
          "  --set key=value     job configuration for the pipeline sections (repeatable)",
          "  --work DIR          cached random weights and scratch files (default $TMPDIR/gpen-bench)",
          "native memory of the section JVMs (set in their environment; ignored with --in-process):",
          "  --allocator A       retain (default): glibc keeps freed memory for reuse (MALLOC_ARENA_MAX=1,",
          "                      MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_=" + Allocator.TRIM + ") | system: glibc's defaults",
          "  --thp on|off        THP_MEM_ALLOC_ENABLE=1 (default) or 0: libtorch's transparent huge pages",
          "  --in-process        every section in this JVM (default: each in a fresh JVM with its own",
          "                      thread settings and memory)");

  Set<String> sections = new LinkedHashSet<>(SECTIONS);
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
  String jobMaster = "local[2]";
  List<Integer> loopCallers = new ArrayList<>(List.of(1, 2));
  int memoryFaces = 1000;
  int memorySize = 256;
  String memoryMode = "pipeline";
  String memoryHeap = "2g";
  Map<String, String> settings = new LinkedHashMap<>();
  Path work = Path.of(System.getProperty("java.io.tmpdir"), "gpen-bench");
  Optional<Path> json = Optional.empty();
  boolean inProcess;
  boolean quick;
  String allocator = "retain";
  boolean thp = true;
  /** Internal: the section a child JVM runs, its result file and the run's scratch folder. */
  String child;

  Path childOut;
  Path scratch;
  /** The arguments as given (children get them again). */
  List<String> args = List.of();

  static BenchOptions parse(String[] argv) {
    BenchOptions o = new BenchOptions();
    o.args = List.of(argv);
    if (Arrays.asList(argv).contains("--quick")) {
      o.quick = true;
      o.sizes = new ArrayList<>(List.of("256"));
      o.runs = 3;
      o.stageSize = 256;
      o.stageRuns = 3;
      o.jobSize = 256;
      o.memoryFaces = 200;
    }
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      switch (a) {
        case "--quick" -> { }
        case "--in-process" -> o.inProcess = true;
        case "-h", "--help" -> throw new Usage(null);
        case "--sections" -> {
          o.sections = new LinkedHashSet<>(list(value(argv, ++i, a)));
          for (String s : o.sections) {
            if (!SECTIONS.contains(s)) {
              throw new Usage("unknown section '" + s + "' (known: " + String.join(",", SECTIONS) + ")");
            }
          }
        }
        case "--sizes" -> o.sizes = new ArrayList<>(list(value(argv, ++i, a)));
        case "--batches" -> o.batches = ints(value(argv, ++i, a), a);
        case "--callers" -> o.callers = ints(value(argv, ++i, a), a);
        case "--threads" -> o.threads = integer(value(argv, ++i, a), a, 0);
        case "--runs" -> o.runs = integer(value(argv, ++i, a), a, 1);
        case "--weights" -> o.weights = Optional.of(existing(value(argv, ++i, a), a));
        case "--photo" -> o.photo = existing(value(argv, ++i, a), a);
        case "--detector" -> o.detector = Optional.of(existing(value(argv, ++i, a), a));
        case "--stage-size" -> o.stageSize = integer(value(argv, ++i, a), a, 8);
        case "--stage-runs" -> o.stageRuns = integer(value(argv, ++i, a), a, 1);
        case "--job-images" -> o.jobImages = integer(value(argv, ++i, a), a, 1);
        case "--job-size" -> o.jobSize = integer(value(argv, ++i, a), a, 8);
        case "--job-master" -> o.jobMaster = value(argv, ++i, a);
        case "--loop-callers" -> o.loopCallers = ints(value(argv, ++i, a), a);
        case "--memory-faces" -> o.memoryFaces = integer(value(argv, ++i, a), a, 2);
        case "--memory-size" -> o.memorySize = integer(value(argv, ++i, a), a, 8);
        case "--memory-heap" -> {
          o.memoryHeap = value(argv, ++i, a);
          if (!o.memoryHeap.matches("\\d+[kKmMgG]?")) {
            throw new Usage("--memory-heap is a JVM heap size such as 2g, not " + o.memoryHeap);
          }
        }
        case "--memory-mode" -> {
          o.memoryMode = value(argv, ++i, a);
          if (!o.memoryMode.equals("pipeline") && !o.memoryMode.equals("forward")) {
            throw new Usage("--memory-mode is pipeline or forward, not " + o.memoryMode);
          }
        }
        case "--set" -> {
          String kv = value(argv, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new Usage("--set needs key=value, got '" + kv + "'");
          }
          o.settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        case "--work" -> o.work = Path.of(value(argv, ++i, a));
        case "--allocator" -> {
          o.allocator = value(argv, ++i, a);
          if (!o.allocator.equals("retain") && !o.allocator.equals("system")) {
            throw new Usage("--allocator is retain or system, not " + o.allocator);
          }
        }
        case "--thp" -> {
          String v = value(argv, ++i, a);
          if (!v.equals("on") && !v.equals("off")) {
            throw new Usage("--thp is on or off, not " + v);
          }
          o.thp = v.equals("on");
        }
        case "--json" -> o.json = Optional.of(Path.of(value(argv, ++i, a)));
        case "--child" -> o.child = value(argv, ++i, a);
        case "--child-out" -> o.childOut = Path.of(value(argv, ++i, a));
        case "--scratch" -> o.scratch = Path.of(value(argv, ++i, a));
        default -> throw new Usage("unknown argument '" + a + "'");
      }
    }
    for (String s : o.sizes) {
      config(s);
    }
    return o;
  }

  /** The GPEN layouts of the model section (or the one of --weights, decided by the caller). */
  List<GpenConfig> modelConfigs() {
    return sizes.stream().map(BenchOptions::config).toList();
  }

  /** 256 and 512 are the released layouts; SIZE:CM:NARROW any other; a bare size gets cm 2, narrow 1. */
  static GpenConfig config(String spec) {
    try {
      String[] p = spec.split(":");
      int size = Integer.parseInt(p[0]);
      if (p.length == 3) {
        return new GpenConfig(size, Integer.parseInt(p[1]), Double.parseDouble(p[2]));
      }
      if (p.length != 1) {
        throw new Usage("a model size is SIZE or SIZE:CM:NARROW, not " + spec);
      }
      return switch (size) {
        case 256 -> new GpenConfig(256, 1, 0.5);
        case 512 -> new GpenConfig(512, 2, 1);
        default -> new GpenConfig(size, 2, 1);
      };
    } catch (IllegalArgumentException e) {
      throw new Usage("bad model size '" + spec + "': " + e.getMessage());
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

  private static List<Integer> ints(String v, String flag) {
    List<Integer> out = new ArrayList<>();
    for (String s : list(v)) {
      out.add(integer(s, flag, 1));
    }
    if (out.isEmpty()) {
      throw new Usage(flag + " needs at least one value");
    }
    return out;
  }

  private static int integer(String v, String flag, int min) {
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new Usage(flag + " must be at least " + min + ", not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Usage(flag + " needs a number, not '" + v + "'");
    }
  }

  private static Path existing(String v, String flag) {
    Path p = Path.of(v);
    if (!Files.isRegularFile(p)) {
      throw new Usage(flag + ": no such file " + v);
    }
    return p;
  }

  private static String value(String[] argv, int i, String flag) {
    if (i >= argv.length) {
      throw new Usage(flag + " needs a value");
    }
    return argv[i];
  }

  /** A usage problem (message) or a request for help (null message). */
  static final class Usage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message, null, false, false);
    }
  }
}
