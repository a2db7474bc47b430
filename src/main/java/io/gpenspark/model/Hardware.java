package io.gpenspark.model;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this JVM can run a model on: the GPUs PyTorch sees, the CUDA_VISIBLE_DEVICES list that
 * numbers them (empty when unset), the CPU's feature flags, and whether the PyTorch binding can
 * make bf16 tensors at all.
 */
public record Hardware(
    int visibleGpus, List<String> cudaVisibleDevices, Set<String> cpuFlags, boolean bf16Tensors) {

  /**
   * DJL 0.35.1's PyTorch JNI maps only its data types float32 to complex64 (ordinals 0-8) to
   * torch's; for bfloat16 (11) utils::GetScalarTypeFromDType executes a bare {@code throw;}, and
   * the JVM dies in std::terminate on the first bf16 tensor (create, zeros, toType alike). So bf16
   * is refused until the binding maps it (a newer DJL, or a JNI rebuilt with the mapping).
   */
  public static final boolean BINDING_MAKES_BF16 = false;

  /** This machine, as PyTorch, the environment and /proc/cpuinfo report it. */
  public static Hardware here() {
    String visible = System.getenv("CUDA_VISIBLE_DEVICES");
    return new Hardware(
        Engine.getEngine("PyTorch").getGpuCount(),
        visible == null || visible.isBlank()
            ? List.of()
            : Arrays.stream(visible.split(",")).map(String::strip).toList(),
        cpuFlags(Path.of("/proc/cpuinfo")),
        BINDING_MAKES_BF16);
  }

  /** The first "flags" line of a cpuinfo file; none when it cannot be read (not Linux). */
  static Set<String> cpuFlags(Path cpuinfo) {
    try (var lines = Files.lines(cpuinfo)) {
      return lines
          .filter(l -> l.startsWith("flags"))
          .findFirst()
          .map(
              l ->
                  (Set<String>)
                      new TreeSet<>(
                          Arrays.asList(l.substring(l.indexOf(':') + 1).strip().split("\\s+"))))
          .orElse(Set.of());
    } catch (IOException | java.io.UncheckedIOException e) {
      return Set.of();
    }
  }

  /**
   * bf16 arithmetic in hardware: AVX512-BF16 or AMX-BF16 (otherwise oneDNN emulates it, slower than
   * fp32).
   */
  public boolean cpuHasBf16() {
    return cpuFlags.contains("avx512_bf16") || cpuFlags.contains("amx_bf16");
  }
}
