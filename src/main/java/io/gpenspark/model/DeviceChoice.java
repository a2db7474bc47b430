package io.gpenspark.model;

import ai.djl.Device;
import io.gpenspark.config.ConfigReader;
import java.util.List;

/**
 * Where a GPEN runs and in what precision, chosen from model.device and model.precision, the GPUs
 * Spark assigned to the task and what the machine offers. Pure: it names a device and creates none,
 * so the choice is testable without a GPU. Never falls back silently: a device or precision that
 * cannot run here is refused with one line.
 */
public record DeviceChoice(int gpu, Precision precision) {
  private static final int CPU = -1;

  /**
   * model.device = cpu: the CPU. gpu: the GPU Spark assigned (its first address), else GPU 0;
   * refused when PyTorch sees no GPU. auto: the assigned GPU; with none assigned (local mode, a
   * cluster that does not schedule GPUs) GPU 0 when PyTorch sees one, else the CPU. An assigned
   * address is a CUDA ordinal, or a position in CUDA_VISIBLE_DEVICES when that lists it.
   */
  public static DeviceChoice choose(
      String device, Precision precision, List<String> assigned, Hardware hw) {
    int gpu =
        switch (device) {
          case "cpu" -> CPU;
          case "gpu", "auto" -> {
            if (!assigned.isEmpty()) {
              yield ordinal(assigned.get(0), hw);
            }
            if (hw.visibleGpus() > 0) {
              yield 0;
            }
            if (device.equals("gpu")) {
              throw ConfigReader.invalid(
                  "model.device",
                  "is gpu but PyTorch sees no GPU on this machine"
                      + " (a CPU-only libtorch? see README, GPEN, existing libtorch)");
            }
            yield CPU;
          }
          default ->
              throw ConfigReader.invalid("model.device", "must be auto, cpu or gpu, not " + device);
        };
    DeviceChoice choice = new DeviceChoice(gpu, precision);
    choice.checkPrecision(hw);
    return choice;
  }

  /**
   * The driver of a cluster job only checks the weights, on its CPU in fp32: the executors choose
   * their devices. What no device could run (fp16 with model.device=cpu) is refused here already.
   */
  public static DeviceChoice driverCheck(String device, Precision precision) {
    if (device.equals("cpu") && precision == Precision.FP16) {
      throw fp16OnCpu();
    }
    if (precision == Precision.BF16 && !Hardware.BINDING_MAKES_BF16) {
      throw bf16Unavailable();
    }
    return new DeviceChoice(CPU, Precision.FP32);
  }

  public boolean onGpu() {
    return gpu != CPU;
  }

  /** The DJL device (a name only: nothing is allocated on it here). */
  public Device device() {
    return onGpu() ? Device.gpu(gpu) : Device.cpu();
  }

  /** For the manifest and the model cache: "cpu" or "cuda:N". */
  public String label() {
    return onGpu() ? "cuda:" + gpu : "cpu";
  }

  private void checkPrecision(Hardware hw) {
    if (precision == Precision.BF16 && !hw.bf16Tensors()) {
      throw bf16Unavailable();
    }
    if (onGpu()) {
      return; // bf16 and fp16 both run on CUDA GPUs (bf16 fast from compute capability 8.0)
    }
    if (precision == Precision.FP16) {
      throw fp16OnCpu();
    }
    if (precision == Precision.BF16 && !hw.cpuHasBf16()) {
      throw ConfigReader.invalid(
          "model.precision",
          "is bf16 but this CPU has neither avx512_bf16 nor amx_bf16"
              + " (flags in /proc/cpuinfo); use fp32");
    }
  }

  /**
   * One line for bf16 while the PyTorch binding cannot make bf16 tensors ({@link
   * Hardware#BINDING_MAKES_BF16}).
   */
  public static RuntimeException bf16Unavailable() {
    return ConfigReader.invalid(
        "model.precision",
        "is bf16, which DJL 0.35.1's PyTorch binding cannot run"
            + " (it aborts the JVM on any bf16 tensor); use fp32, or fp16 on a GPU");
  }

  private static RuntimeException fp16OnCpu() {
    return ConfigReader.invalid(
        "model.precision",
        "is fp16, which runs on GPUs only, and this model runs on the CPU;"
            + " use fp32, or bf16 on a CPU with avx512_bf16");
  }

  private static int ordinal(String address, Hardware hw) {
    int ordinal;
    if (!hw.cudaVisibleDevices().isEmpty()) {
      ordinal = hw.cudaVisibleDevices().indexOf(address);
      if (ordinal < 0) {
        throw ConfigReader.invalid(
            "model.device",
            "Spark assigned GPU "
                + address
                + " but CUDA_VISIBLE_DEVICES="
                + String.join(",", hw.cudaVisibleDevices())
                + " does not list it");
      }
    } else {
      try {
        ordinal = Integer.parseInt(address);
      } catch (NumberFormatException e) {
        throw ConfigReader.invalid(
            "model.device",
            "Spark assigned GPU '"
                + address
                + "', which is not a CUDA"
                + " ordinal: have the discovery script return ordinals, or set CUDA_VISIBLE_DEVICES");
      }
    }
    if (ordinal < 0 || ordinal >= hw.visibleGpus()) {
      throw ConfigReader.invalid(
          "model.device",
          "Spark assigned GPU "
              + address
              + " but PyTorch sees "
              + hw.visibleGpus()
              + " GPU(s) here"
              + (hw.visibleGpus() == 0
                  ? " (a CPU-only libtorch? see README, GPEN, existing libtorch; or set model.device=cpu)"
                  : ""));
    }
    return ordinal;
  }
}
