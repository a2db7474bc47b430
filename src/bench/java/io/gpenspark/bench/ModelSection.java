package io.gpenspark.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.model.gpen.GpenConfig;
import io.gpenspark.model.pth.PthReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Section (a): the GPEN forward alone, per layout and batch size, with {@code callers} threads
 * calling the model at once (each with its own predictor, as Spark task threads do). Also an sgemm
 * of the same threading, to put the forward's GFLOP/s next to what this machine reaches on a plain
 * matrix product right now (a shared machine's peak moves).
 */
final class ModelSection {
  private static final int GEMM_N = 2048;

  private ModelSection() {}

  static Map<String, Object> run(BenchOptions o, int callers) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("callers", callers);
    out.put("intraOpThreads", Torch.intraOpThreads());
    out.put("interOpThreads", Torch.interOpThreads());
    out.put("loadBefore", Machine.load());
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      out.put("sgemm", sgemm(pool, callers, Math.max(3, o.runs)));
      List<Map<String, Object>> results = new ArrayList<>();
      for (Map.Entry<GpenConfig, Path> m : models(o).entrySet()) {
        GpenConfig config = m.getKey();
        Bench.log(
            "model: GPEN-%d (cm %d, narrow %s), %d caller(s) x %d thread(s)",
            config.size(),
            config.channelMultiplier(),
            config.narrow(),
            callers,
            Torch.intraOpThreads());
        try (FaceModel model = FaceModels.load(m.getValue(), Optional.empty(), Device.cpu())) {
          for (int batch : o.batches) {
            results.add(time(model, config, m.getValue(), batch, callers, o.runs, pool));
          }
        }
      }
      out.put("results", results);
    } finally {
      pool.shutdownNow();
    }
    out.put("loadAfter", Machine.load());
    return out;
  }

  /** The model files to time: --weights, or random weights of each --sizes layout. */
  static Map<GpenConfig, Path> models(BenchOptions o) throws IOException {
    Map<GpenConfig, Path> models = new LinkedHashMap<>();
    if (o.weights.isPresent()) {
      GpenConfig config =
          GpenConfig.infer(PthReader.read(o.weights.get(), Optional.empty()).shapes());
      models.put(config, o.weights.get());
      return models;
    }
    for (GpenConfig config : o.modelConfigs()) {
      models.put(config, RandomGpen.checkpoint(config, o.work.resolve("weights")));
    }
    return models;
  }

  private static Map<String, Object> time(
      FaceModel model,
      GpenConfig config,
      Path file,
      int batch,
      int callers,
      int runs,
      ExecutorService pool)
      throws Exception {
    int size = model.size();
    List<float[]> inputs = new ArrayList<>();
    Random random = new Random(1);
    for (int c = 0; c < callers; c++) {
      float[] faces = new float[batch * 3 * size * size];
      for (int i = 0; i < faces.length; i++) {
        faces[i] = random.nextFloat() * 2 - 1;
      }
      inputs.add(faces);
    }
    List<Callable<Void>> round = new ArrayList<>();
    for (float[] faces : inputs) {
      round.add(
          () -> {
            model.restore(faces, batch);
            return null;
          });
    }
    runRound(pool, round); // warm-up: oneDNN creates its primitives for the new shapes
    List<Double> perFace = new ArrayList<>();
    long cpu0 = Machine.cpuNanos();
    long wall0 = System.nanoTime();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      runRound(pool, round);
      perFace.add((System.nanoTime() - t0) / 1e9 / (batch * callers));
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpuPerFace = (Machine.cpuNanos() - cpu0) / 1e9 / ((double) runs * batch * callers);
    Stats s = Stats.of(perFace);
    double gflop = GpenFlops.perFace(config) / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", file.getFileName().toString());
    r.put("size", config.size());
    r.put("channelMultiplier", config.channelMultiplier());
    r.put("narrow", config.narrow());
    r.put("gflopPerFace", gflop);
    r.put("batch", batch);
    r.put("callers", callers);
    r.put("threads", Torch.intraOpThreads());
    r.put("runs", runs);
    r.put("secondsPerFace", s.json());
    r.put("facesPerSecond", runs * batch * callers / wall);
    r.put("cpuSecondsPerFace", cpuPerFace);
    r.put("gflopsBest", gflop / s.best());
    r.put("gflopsMedian", gflop / s.median());
    Bench.log(
        "  batch %d: %.3f s/face best, %.3f median, %.1f GFLOP/s best",
        batch, s.best(), s.median(), gflop / s.best());
    return r;
  }

  /** {@code callers} concurrent 2048^3 products (float32): best and median GFLOP/s in all. */
  private static Map<String, Object> sgemm(ExecutorService pool, int callers, int runs)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      List<NDArray[]> operands = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        operands.add(
            new NDArray[] {
              manager.randomUniform(-1, 1, new Shape(GEMM_N, GEMM_N)),
              manager.randomUniform(-1, 1, new Shape(GEMM_N, GEMM_N))
            });
      }
      List<Callable<Void>> round = new ArrayList<>();
      for (NDArray[] ab : operands) {
        round.add(
            () -> {
              try (NDManager scope = manager.newSubManager()) {
                ab[0].tempAttach(scope);
                ab[1].tempAttach(scope);
                ab[0].matMul(ab[1]).toFloatArray();
              }
              return null;
            });
      }
      runRound(pool, round);
      List<Double> gflops = new ArrayList<>();
      double flop = 2.0 * GEMM_N * GEMM_N * GEMM_N * callers;
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        runRound(pool, round);
        gflops.add(flop / ((System.nanoTime() - t0) / 1e9) / 1e9);
      }
      Stats s = Stats.of(gflops);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", GEMM_N);
      m.put("gflopsBest", gflops.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
      m.put("gflopsMedian", s.median());
      return m;
    }
  }

  private static void runRound(ExecutorService pool, List<Callable<Void>> round)
      throws InterruptedException, ExecutionException {
    List<Future<Void>> futures = pool.invokeAll(round);
    for (Future<Void> f : futures) {
      f.get();
    }
  }
}
