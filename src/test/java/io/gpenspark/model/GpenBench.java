package io.gpenspark.model;

import ai.djl.Device;
import ai.djl.Model;
import com.sun.management.OperatingSystemMXBean;
import io.gpenspark.model.gpen.GpenConfig;
import io.gpenspark.model.gpen.GpenGenerator;
import io.gpenspark.model.pth.FloatTensor;
import io.gpenspark.model.pth.StateDict;
import io.gpenspark.testing.SharedFiles;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Forward time per face of the Java GPEN: the fixtures, then random weights in the released
 * GPEN-256 and GPEN-512 layouts. Run from the repository root with the test classpath: {@code java
 * -cp ... io.gpenspark.model.GpenBench [runs] [batch]}.
 */
public final class GpenBench {
  /** Process CPU time: less sensitive than wall time to other work on a shared machine. */
  private static final OperatingSystemMXBean CPU =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private GpenBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (String fixture : new String[] {"gpen-64-cm1-n0.25", "gpen-128-cm2-n0.125"}) {
      try (FaceModel model =
          FaceModels.load(
              SharedFiles.path("testdata/gpen-fixtures/" + fixture + "/weights.pth"),
              Optional.empty(),
              Device.cpu())) {
        time(fixture, model, runs, batch);
      }
    }
    for (GpenConfig config :
        new GpenConfig[] {new GpenConfig(256, 1, 0.5), new GpenConfig(512, 2, 1)}) {
      Model djl = Model.newInstance("bench", Device.cpu(), "PyTorch");
      djl.setBlock(new GpenGenerator(randomWeights(config), config, djl.getNDManager()));
      try (FaceModel model = new GpenModel(djl, config.size(), "random")) {
        time("random " + config, model, runs, batch);
      }
    }
  }

  private static void time(String name, FaceModel model, int runs, int batch) {
    int size = model.size();
    float[] faces = new float[batch * 3 * size * size];
    Random random = new Random(1);
    for (int i = 0; i < faces.length; i++) {
      faces[i] = random.nextFloat() * 2 - 1;
    }
    model.restore(faces, batch);
    long best = Long.MAX_VALUE;
    long total = 0;
    long cpuStart = CPU.getProcessCpuTime();
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      model.restore(faces, batch);
      long elapsed = System.nanoTime() - start;
      best = Math.min(best, elapsed);
      total += elapsed;
    }
    double cpu = (CPU.getProcessCpuTime() - cpuStart) / 1e9 / runs / batch;
    System.out.printf(
        "%s, batch %d: %.3f s/face mean, %.3f s/face best, %.3f cpu-s/face (%d runs)%n",
        name, batch, total / 1e9 / runs / batch, best / 1e9 / batch, cpu, runs);
  }

  /**
   * The fixtures' recipe: randn everywhere, biases x0.1, noise weights x0.5, [1,3,3,1] blur
   * kernels.
   */
  static StateDict randomWeights(GpenConfig config) {
    Random random = new Random(0);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedShapes().entrySet()) {
      String name = e.getKey();
      long n = 1;
      for (long d : e.getValue()) {
        n *= d;
      }
      float[] v = new float[(int) n];
      if (name.endsWith("kernel")) {
        float gain = name.contains(".conv.blur.") || name.contains(".upsample.") ? 4 : 1;
        int[] taps = {1, 3, 3, 1};
        for (int i = 0; i < 16; i++) {
          v[i] = gain * taps[i / 4] * taps[i % 4] / 64f;
        }
      } else {
        float scale = name.endsWith("bias") ? 0.1f : name.endsWith("noise.weight") ? 0.5f : 1;
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextGaussian() * scale;
        }
      }
      tensors.put(name, new FloatTensor(e.getValue(), v));
    }
    return new StateDict(tensors);
  }
}
