package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.gpenspark.model.gpen.GpenConfig;
import io.gpenspark.testing.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TorchScript plumbing: a traced 3-to-3 1x1 conv with known weights, made by the system's
 * python3-torch, loads through {@link FaceModels} and computes what it should. Skipped where {@code
 * /usr/bin/python3 -c "import torch"} fails.
 */
@IntegrationTest
class TorchScriptModelTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final int SIZE = 8;

  /** out[o] = sum_i W[o][i] * in[i] + B[o]. */
  private static final float[][] W = {{1, 2, 0}, {0, -1, 0.5f}, {0.25f, 0, 3}};

  private static final float[] B = {0.5f, -0.25f, 0};

  @TempDir Path tmp;

  @Test
  void runsATracedModuleThroughTheSameLoader() throws Exception {
    assumeTrue(run(PYTHON, "-c", "import torch") == 0, "python3 with torch not available");
    Path file = tmp.resolve("tiny.pt");
    String script =
        String.join(
            "\n",
            "import sys, torch",
            "conv = torch.nn.Conv2d(3, 3, 1)",
            "with torch.no_grad():",
            "    conv.weight.copy_(torch.tensor(" + rows() + ").view(3, 3, 1, 1))",
            "    conv.bias.copy_(torch.tensor(" + list(B) + "))",
            "torch.jit.trace(conv.eval(), torch.zeros(1, 3, "
                + SIZE
                + ", "
                + SIZE
                + ")).save(sys.argv[1])");
    assertEquals(0, run(PYTHON, "-c", script, file.toString()), "tracing failed");

    float[] faces = new float[2 * 3 * SIZE * SIZE];
    for (int i = 0; i < faces.length; i++) {
      faces[i] = (float) Math.sin(i * 0.37);
    }
    try (FaceModel model = FaceModels.builder(file).size(SIZE).device(Device.cpu()).build()) {
      assertEquals(SIZE, model.size());
      float[] out = model.restore(faces, 2);
      int plane = SIZE * SIZE;
      for (int n = 0; n < 2; n++) {
        for (int o = 0; o < 3; o++) {
          for (int p = 0; p < plane; p++) {
            float expected = B[o];
            for (int i = 0; i < 3; i++) {
              expected += W[o][i] * faces[(n * 3 + i) * plane + p];
            }
            assertEquals(expected, out[(n * 3 + o) * plane + p], 1e-5);
          }
        }
      }
    }
    assertThrows(
        InvalidModelException.class,
        () -> FaceModels.load(file, Optional.of("g_ema"), Device.cpu()));
    assertThrows(
        InvalidModelException.class, () -> FaceModels.load(file, Optional.empty(), Device.cpu()));
  }

  @Test
  void takesTheFaceSizeFromAGpenModulesParameters() throws Exception {
    assumeTrue(run(PYTHON, "-c", "import torch") == 0, "python3 with torch not available");
    // A module with GPEN-64's parameter names and shapes (forward is the identity): enough for the
    // loader to recognise the layout without being told the size.
    StringBuilder shapes = new StringBuilder();
    new GpenConfig(64, 1, 0.25)
        .expectedShapes()
        .forEach(
            (name, shape) -> {
              if (!name.endsWith("kernel")) {
                shapes
                    .append(name)
                    .append(' ')
                    .append(Arrays.toString(shape).replaceAll("[\\[\\] ]", ""))
                    .append('\n');
              }
            });
    Path list = Files.writeString(tmp.resolve("shapes.txt"), shapes);
    Path file = tmp.resolve("gpen-like.pt");
    String script =
        String.join(
            "\n",
            "import sys, torch",
            "class Identity(torch.nn.Module):",
            "    def forward(self, x):",
            "        return x",
            "root = Identity()",
            "for line in open(sys.argv[1]):",
            "    name, dims = line.split()",
            "    *path, leaf = name.split('.')",
            "    m = root",
            "    for part in path:",
            "        if not hasattr(m, part):",
            "            m.add_module(part, torch.nn.Module())",
            "        m = getattr(m, part)",
            "    m.register_parameter(leaf, torch.nn.Parameter(torch.zeros(*map(int,"
                + " dims.split(',')))))",
            "torch.jit.trace(root, torch.zeros(1, 3, 64, 64)).save(sys.argv[2])");
    assertEquals(0, run(PYTHON, "-c", script, list.toString(), file.toString()), "tracing failed");

    try (FaceModel model = FaceModels.load(file, Optional.empty(), Device.cpu())) {
      assertEquals(64, model.size());
      float[] face = new float[3 * 64 * 64];
      face[5] = 0.75f;
      assertEquals(0.75f, model.restore(face, 1)[5]);
    }
  }

  private static String rows() {
    StringBuilder s = new StringBuilder("[");
    for (float[] row : W) {
      s.append(list(row)).append(',');
    }
    return s.append(']').toString();
  }

  private static String list(float[] values) {
    StringBuilder s = new StringBuilder("[");
    for (float v : values) {
      s.append(v).append(',');
    }
    return s.append(']').toString();
  }

  private static int run(String... command) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(command[0]))) {
      return -1;
    }
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
