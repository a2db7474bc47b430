package io.gpenspark.model;

import ai.djl.Device;
import io.gpenspark.bench.RandomGpen;
import io.gpenspark.model.gpen.GpenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * bf16 against fp32 on this CPU, GPEN forward per face at batch 1, random weights in the official
 * layout of GPEN-BFR-256 and -512 (bench/RandomGpen). Both models stay loaded and the rounds
 * alternate, so load on the shared machine hits both alike. Run as the README says:
 * {@code java -cp … io.gpenspark.model.PrecisionBench DIR ROUNDS SIZE…}.
 */
public final class PrecisionBench {
  private PrecisionBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    for (int i = 2; i < args.length; i++) {
      int size = Integer.parseInt(args[i]);
      GpenConfig config = size == 256 ? new GpenConfig(256, 1, 0.5) : new GpenConfig(size, 2, 1);
      Path weights = RandomGpen.checkpoint(config, dir);
      float[] face = new float[3 * size * size];
      SplittableRandom r = new SplittableRandom(1);
      for (int k = 0; k < face.length; k++) {
        face[k] = (float) (r.nextDouble() * 2 - 1);
      }
      try (FaceModel fp32 = load(weights, Precision.FP32); FaceModel bf16 = load(weights, Precision.BF16)) {
        fp32.restore(face, 1); // warm-up: oneDNN makes its primitives for these shapes
        bf16.restore(face, 1);
        List<Double> t32 = new ArrayList<>();
        List<Double> t16 = new ArrayList<>();
        for (int k = 0; k < rounds; k++) {
          t32.add(time(fp32, face));
          t16.add(time(bf16, face));
        }
        System.out.printf("GPEN-%d batch 1: fp32 best %.3f median %.3f s/face; bf16 best %.3f median %.3f s/face%n",
            size, Collections.min(t32), median(t32), Collections.min(t16), median(t16));
      }
    }
  }

  private static FaceModel load(Path weights, Precision p) throws Exception {
    return FaceModels.builder(weights).device(Device.cpu()).precision(p).build();
  }

  private static double time(FaceModel model, float[] face) {
    long t0 = System.nanoTime();
    model.restore(face, 1);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
