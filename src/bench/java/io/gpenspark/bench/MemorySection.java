package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.listing.InputFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Section (d): resident memory over many faces. After each image (or forward) the process's VmRSS
 * and the Java heap's committed size are sampled; the slopes are least-squares fits over the
 * samples after the first 10 % (warm-up: allocator pools, oneDNN primitive cache, JIT). In its own
 * JVM the section runs with a fixed, pre-touched Java heap (--memory-heap), so RSS moves with
 * native memory only (tensors, Mats, allocator); "native" (RSS minus committed heap) is the
 * estimate for a run without that (--in-process).
 */
final class MemorySection {
  private static final double WARM_UP = 0.1;
  private static final int MAX_SAMPLES_KEPT = 101;

  private MemorySection() {}

  static Map<String, Object> run(BenchOptions o) throws Exception {
    Configuration hadoop = new Configuration();
    Path in = Workload.inputs(o, "memory-in", 1);
    Path out = o.scratch.resolve("memory-out");
    JobConfig config = Workload.config(o, in, out, o.memorySize);
    List<double[]> samples = new ArrayList<>(); // faces, rss KiB, heap committed KiB, heap used KiB
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mode", o.memoryMode);
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    r.put("heapPretouched", jvm.contains("-XX:+AlwaysPreTouch"));
    r.put("heapMaxMiB", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0);
    r.put("loadBefore", Machine.load());
    long startRss = Machine.rssKiB();
    long t0;
    int faces = 0;
    try (StagePipeline pipeline =
        new StagePipeline(
            config, hadoop, Workload.qualified(in, hadoop), Workload.qualified(out, hadoop))) {
      InputFile photo = Workload.files(in, hadoop).get(0);
      int size = o.memorySize;
      Mat face = new Mat(size, size, CvType.CV_8UC3);
      Core.randu(face, 0, 256);
      r.put("size", size);
      Bench.log("memory: %d faces, %s, GPEN-%d", o.memoryFaces, o.memoryMode, size);
      t0 = System.nanoTime();
      long lastLog = t0;
      sample(samples, 0);
      while (faces < o.memoryFaces) {
        if (o.memoryMode.equals("forward")) {
          pipeline.forward(List.of(face)).forEach(Mat::release);
          faces++;
        } else {
          int found = pipeline.process(photo).faces();
          if (found == 0) {
            throw new IllegalStateException(
                o.photo + ": no face found; the memory section needs a photo with a face");
          }
          faces += found;
        }
        sample(samples, faces);
        if (System.nanoTime() - lastLog > 30e9) {
          lastLog = System.nanoTime();
          Bench.log("  %d faces, RSS %.0f MiB", faces, Machine.rssKiB() / 1024.0);
        }
      }
      face.release();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    int from = (int) Math.floor(samples.size() * WARM_UP);
    List<double[]> steady = samples.subList(from, samples.size());
    double[] x = steady.stream().mapToDouble(s -> s[0]).toArray();
    double[] rss = steady.stream().mapToDouble(s -> s[1]).toArray();
    double[] nativeRss = steady.stream().mapToDouble(s -> s[1] - s[2]).toArray();
    r.put("faces", faces);
    r.put("secondsPerFace", seconds / faces);
    r.put("rssStartMiB", startRss / 1024.0);
    r.put("rssAfterWarmUpMiB", steady.get(0)[1] / 1024.0);
    r.put("rssEndMiB", samples.get(samples.size() - 1)[1] / 1024.0);
    r.put("peakRssMiB", Machine.peakRssKiB() / 1024.0);
    r.put("rssSlopeKiBPerFace", Stats.slope(x, rss));
    r.put("nativeSlopeKiBPerFace", Stats.slope(x, nativeRss));
    // The second half alone: steady state, once native memory awaiting the GC (OpenCV Mats,
    // which free their pixels when collected) and the allocator's high-water mark have settled.
    List<double[]> late = samples.subList(samples.size() / 2, samples.size());
    r.put(
        "rssSlopeSecondHalfKiBPerFace",
        Stats.slope(
            late.stream().mapToDouble(s -> s[0]).toArray(),
            late.stream().mapToDouble(s -> s[1]).toArray()));
    r.put("rssGrowthSecondHalfMiB", (late.get(late.size() - 1)[1] - late.get(0)[1]) / 1024.0);
    r.put("heapCommittedEndMiB", samples.get(samples.size() - 1)[2] / 1024.0);
    r.put("warmUpFaces", (int) steady.get(0)[0]);
    List<List<Double>> kept = new ArrayList<>();
    int step = Math.max(1, (samples.size() + MAX_SAMPLES_KEPT - 2) / (MAX_SAMPLES_KEPT - 1));
    for (int i = 0; i < samples.size(); i += step) {
      double[] s = samples.get(i);
      kept.add(List.of(s[0], s[1] / 1024.0, s[2] / 1024.0));
    }
    r.put("sampleColumns", List.of("faces", "rssMiB", "heapCommittedMiB"));
    r.put("samples", kept);
    r.put("loadAfter", Machine.load());
    Bench.log(
        "  RSS %.0f -> %.0f MiB, slope %.2f KiB/face (native %.2f), peak %.0f MiB",
        steady.get(0)[1] / 1024.0,
        samples.get(samples.size() - 1)[1] / 1024.0,
        Stats.slope(x, rss),
        Stats.slope(x, nativeRss),
        Machine.peakRssKiB() / 1024.0);
    return r;
  }

  private static void sample(List<double[]> samples, int faces) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    samples.add(
        new double[] {
          faces, Machine.rssKiB(), heap.getCommitted() / 1024.0, heap.getUsed() / 1024.0
        });
  }
}
