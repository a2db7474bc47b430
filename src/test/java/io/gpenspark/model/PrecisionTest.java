package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.testing.Difference;
import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * model.precision: what each device may run (no silent fallback), and fp16's effect on GPEN's
 * output.
 */
class PrecisionTest {
  /** A binding that could make bf16 tensors (not DJL 0.35.1's): the device rules alone. */
  private static final Hardware BF16_CPU =
      new Hardware(0, List.of(), Set.of("avx512f", "avx512_bf16"), true);

  private static final Hardware AMX_CPU =
      new Hardware(0, List.of(), Set.of("avx512f", "amx_bf16"), true);
  private static final Hardware PLAIN_CPU =
      new Hardware(0, List.of(), Set.of("avx2", "avx512f"), true);
  private static final Hardware ONE_GPU = new Hardware(1, List.of(), Set.of(), true);

  /** This project's binding: no bf16 tensors, on any device. */
  private static final Hardware DJL_0_35_GPU =
      new Hardware(1, List.of(), Set.of("avx512_bf16"), false);

  /**
   * Largest fp16-vs-fp32 difference in 8-bit grey levels the fixtures may show (README's figures).
   */
  private static final int MAX_GREY_LEVELS = 1;

  @Test
  void eachDeviceRunsOnlyWhatItCan() {
    assertEquals(
        Precision.BF16,
        DeviceChoice.choose("cpu", Precision.BF16, List.of(), BF16_CPU).precision());
    assertEquals(
        Precision.BF16,
        DeviceChoice.choose("auto", Precision.BF16, List.of(), AMX_CPU).precision());
    assertEquals(
        "cuda:0", DeviceChoice.choose("auto", Precision.FP16, List.of("0"), ONE_GPU).label());
    assertEquals("cuda:0", DeviceChoice.choose("gpu", Precision.BF16, List.of(), ONE_GPU).label());
    assertEquals("cpu", DeviceChoice.choose("cpu", Precision.FP32, List.of(), PLAIN_CPU).label());
    assertEquals(
        "cuda:0", DeviceChoice.choose("auto", Precision.FP16, List.of(), DJL_0_35_GPU).label());

    assertRefused(
        "fp16, which runs on GPUs only",
        () -> DeviceChoice.choose("cpu", Precision.FP16, List.of(), BF16_CPU));
    assertRefused(
        "fp16, which runs on GPUs only",
        () -> DeviceChoice.choose("auto", Precision.FP16, List.of(), BF16_CPU));
    assertRefused(
        "neither avx512_bf16 nor amx_bf16",
        () -> DeviceChoice.choose("auto", Precision.BF16, List.of(), PLAIN_CPU));
    assertRefused(
        "fp16, which runs on GPUs only", () -> DeviceChoice.driverCheck("cpu", Precision.FP16));
    assertRefused(
        "DJL 0.35.1's PyTorch binding cannot run",
        () -> DeviceChoice.choose("auto", Precision.BF16, List.of("0"), DJL_0_35_GPU));
    assertRefused(
        "DJL 0.35.1's PyTorch binding cannot run",
        () -> DeviceChoice.choose("cpu", Precision.BF16, List.of(), Hardware.here()));
    assertRefused(
        "DJL 0.35.1's PyTorch binding cannot run",
        () -> DeviceChoice.driverCheck("auto", Precision.BF16));
    assertEquals(
        new DeviceChoice(-1, Precision.FP32),
        DeviceChoice.driverCheck("auto", Precision.FP16),
        "a cluster's driver checks the weights in fp32 on its CPU; the executors choose");
  }

  @Test
  void bf16NeverReachesTheBinding() {
    Path weights = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth");
    assertRefused(
        "cannot run",
        () -> {
          try {
            FaceModels.builder(weights)
                .device(Device.cpu())
                .precision(Precision.BF16)
                .build()
                .close();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void assertRefused(String why, Runnable choice) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, choice::run);
    assertTrue(
        e.getMessage().startsWith("configuration key 'model.precision'")
            && e.getMessage().contains(why),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void precisionIsAConfigKeyAndPartOfTheCacheKey() {
    ModelSettings bf16 =
        ModelSettings.from(JobConfig.load(null, Map.of("model.precision", "bf16")).reader());
    ModelSettings dflt =
        ModelSettings.from(
            JobConfig.load(
                    null,
                    Map.of(
                        "model.path",
                        "\""
                            + SharedFiles.path(
                                "testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth")
                            + "\""))
                .reader());
    assertEquals(Precision.BF16, bf16.precision());
    assertEquals(Precision.FP32, dflt.precision());
    assertThrows(
        InvalidConfigException.class,
        () -> ModelSettings.from(JobConfig.load(null, Map.of("model.precision", "fp64")).reader()));
    DeviceChoice cpu32 = new DeviceChoice(-1, Precision.FP32);
    assertNotEquals(dflt.cacheKey(cpu32), dflt.cacheKey(new DeviceChoice(-1, Precision.BF16)));
    assertNotEquals(
        dflt.cacheKey(new DeviceChoice(0, Precision.FP32)),
        dflt.cacheKey(new DeviceChoice(1, Precision.FP32)));
  }

  @Test
  void cpuFlagsAreReadFromCpuinfo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path info = tmp.resolve("cpuinfo");
    java.nio.file.Files.writeString(
        info,
        "processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n\n"
            + "processor\t: 1\nflags\t\t: fpu\n");
    assertEquals(Set.of("fpu", "avx2", "avx512f", "amx_bf16", "amx_tile"), Hardware.cpuFlags(info));
    assertEquals(Set.of(), Hardware.cpuFlags(tmp.resolve("absent")));
  }

  /**
   * The fixtures through GPEN in fp16 and fp32, both made 8-bit (clip, x255, round): their largest
   * and mean difference in grey levels. Jobs run fp16 on GPUs only; here the model is built
   * directly on the CPU (PyTorch has fp16 CPU kernels) to check the fp16 path and its rounding
   * without a GPU.
   */
  @ParameterizedTest
  @ValueSource(strings = {"gpen-64-cm1-n0.25", "gpen-128-cm2-n0.125"})
  void fp16StaysWithinAGreyLevelOfFp32(String fixture) throws Exception {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/" + fixture);
    float[] input = Npy.read(dir.resolve("input.npy")).data();
    Difference d =
        Difference.between(
            greyLevels(forward(dir, input, Precision.FP32)),
            greyLevels(forward(dir, input, Precision.FP16)));
    System.out.printf(
        "%s fp16 vs fp32, 8-bit: max %.0f grey levels, mean %.4f%n", fixture, d.max(), d.mean());
    assertTrue(d.max() <= MAX_GREY_LEVELS, d.toString());
    assertTrue(d.mean() < 0.5, d.toString());
    assertTrue(d.mean() > 0, "fp16 ran in fp16: some pixel differs");
  }

  private static float[] forward(Path dir, float[] input, Precision precision) throws Exception {
    try (FaceModel model =
        FaceModels.builder(dir.resolve("weights.pth"))
            .device(Device.cpu())
            .precision(precision)
            .build()) {
      assertEquals("cpu " + precision.key(), model.device());
      return model.restore(input, 1);
    }
  }

  private static float[] greyLevels(float[] y) {
    float[] g = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      g[i] = (float) Math.rint(Math.min(1, Math.max(0, y[i] * 0.5 + 0.5)) * 255);
    }
    return g;
  }
}
