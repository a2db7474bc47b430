package io.gpenspark.model.gpen;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.gpenspark.model.pth.FloatTensor;
import io.gpenspark.model.pth.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One GPEN forward with random weights of a given layout and a given number of PyTorch intra-op
 * threads, as a program of its own: {@code SIZE CHANNEL_MULTIPLIER NARROW BATCH THREADS}. Run in a
 * child JVM by {@link NativeForwardTest}, so that a native crash fails that test instead of killing
 * the test JVM. Prints one line starting with "forward ok" and exits 0 when the output is finite.
 */
public final class ForwardInChild {
  private ForwardInChild() {}

  public static void main(String[] args) throws Exception {
    GpenConfig config =
        new GpenConfig(
            Integer.parseInt(args[0]), Integer.parseInt(args[1]), Double.parseDouble(args[2]));
    int batch = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    // DJL reads these when the engine starts, as the job's IntraOpThreads sets them.
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != threads) {
      throw new IllegalStateException("PyTorch runs " + JniUtils.getNumThreads() + " threads");
    }
    SplittableRandom random = new SplittableRandom(1);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedShapes().entrySet()) {
      long n = 1;
      for (long d : e.getValue()) {
        n *= d;
      }
      float[] v = new float[Math.toIntExact(n)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (random.nextDouble() * 2 - 1);
      }
      tensors.put(e.getKey(), new FloatTensor(e.getValue(), v));
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GpenGenerator gpen = new GpenGenerator(new StateDict(tensors), config, m);
      tensors.clear();
      int size = config.size();
      NDArray x = m.randomUniform(-1, 1, new Shape(batch, 3, size, size));
      long start = System.nanoTime();
      NDArray y =
          gpen.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (!y.isInfinite().any().getBoolean() && !y.isNaN().any().getBoolean()) {
        System.out.printf("forward ok: %s, %d thread(s), %d ms%n", y.getShape(), threads, ms);
      } else {
        System.out.println("forward gave non-finite values");
        System.exit(1);
      }
    }
  }
}
