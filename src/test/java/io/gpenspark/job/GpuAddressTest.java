package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.model.DeviceChoice;
import io.gpenspark.model.Hardware;
import io.gpenspark.model.Precision;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU a task's model runs on is the one Spark assigned: the pure choice, then a real
 * local-cluster whose worker discovers two (fake) GPUs and starts two one-GPU executors.
 */
@IntegrationTest
class GpuAddressTest {
  private static final Hardware TWO_GPUS = new Hardware(2, List.of(), Set.of(), false);
  private static final Hardware CPU_ONLY = new Hardware(0, List.of(), Set.of("avx512f"), false);

  private static String choose(String device, List<String> assigned, Hardware hw) {
    return DeviceChoice.choose(device, Precision.FP32, assigned, hw).label();
  }

  @Test
  void autoTakesTheAssignedGpuElseGpuZeroElseTheCpu() {
    assertEquals("cuda:1", choose("auto", List.of("1"), TWO_GPUS));
    assertEquals("cuda:0", choose("auto", List.of("0"), TWO_GPUS));
    assertEquals(
        "cuda:1", choose("gpu", List.of("1", "0"), TWO_GPUS), "the first of the task's addresses");
    assertEquals(
        "cuda:0", choose("auto", List.of(), TWO_GPUS), "unscheduled: the engine's default GPU");
    assertEquals("cpu", choose("auto", List.of(), CPU_ONLY));
    assertEquals(
        "cpu", choose("cpu", List.of("1"), TWO_GPUS), "model.device=cpu wins over an assignment");
  }

  @Test
  void addressesFollowCudaVisibleDevices() {
    Hardware hidden = new Hardware(2, List.of("2", "3"), Set.of(), false);
    assertEquals("cuda:1", choose("auto", List.of("3"), hidden));
    assertEquals("cuda:0", choose("auto", List.of("2"), hidden));
    Hardware uuids = new Hardware(1, List.of("GPU-6d2f"), Set.of(), false);
    assertEquals("cuda:0", choose("gpu", List.of("GPU-6d2f"), uuids));
    assertRefused("does not list it", () -> choose("auto", List.of("0"), hidden));
  }

  @Test
  void anAssignmentThatCannotBeHonouredStopsTheJob() {
    assertRefused("PyTorch sees 0 GPU(s)", () -> choose("auto", List.of("0"), CPU_ONLY));
    assertRefused("PyTorch sees 2 GPU(s)", () -> choose("gpu", List.of("2"), TWO_GPUS));
    assertRefused("not a CUDA ordinal", () -> choose("gpu", List.of("GPU-6d2f"), TWO_GPUS));
    assertRefused("PyTorch sees no GPU", () -> choose("gpu", List.of(), CPU_ONLY));
  }

  private static void assertRefused(String why, Runnable choice) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, choice::run);
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.getMessage().startsWith("configuration key 'model.device'"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  /** A discovery script as Spark runs them: prints the resource's JSON. */
  private static Path discoveryScript(Path dir, String... addresses) throws Exception {
    Path script = dir.resolve("gpus.sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\""
            + String.join("\",\"", addresses)
            + "\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** The probe's environment: the cluster's Spark home, loopback. */
  private static Map<String, String> env(LocalCluster cluster) {
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  private static String classes() {
    return Path.of("target/classes").toAbsolutePath()
        + ":"
        + Path.of("target/test-classes").toAbsolutePath();
  }

  @Test
  void executorsOfOneNodeLandOnDifferentGpus(@TempDir Path tmp) throws Exception {
    LocalCluster cluster = LocalCluster.in(tmp.resolve("spark-home"));
    List<String> cmd = JobProcess.javaCommand("1g", GpuProbe.class.getName());
    cmd.addAll(
        List.of(
            "12",
            "2",
            "spark.master=local-cluster[1,2,1024]", // one worker (one node) with 2 cores
            "spark.worker.resource.gpu.amount=2",
            "spark.worker.resource.gpu.discoveryScript=" + discoveryScript(tmp, "0", "1"),
            "spark.executor.cores=1",
            "spark.executor.memory=480m",
            "spark.executor.resource.gpu.amount=1",
            "spark.task.resource.gpu.amount=1",
            "spark.executor.extraClassPath=" + classes(),
            "spark.ui.enabled=false"));
    List<String> lines = run(cmd, env(cluster), tmp.resolve("probe"));

    Map<String, Set<String>> devicesByExecutor = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      assertEquals("cuda:" + f[3], f[4], line);
      devicesByExecutor.computeIfAbsent(f[2], k -> new TreeSet<>()).add(f[4]);
    }
    System.out.println("devices by executor: " + devicesByExecutor);
    assertEquals(12, lines.size());
    assertEquals(
        2, devicesByExecutor.size(), "two executors on the one worker: " + devicesByExecutor);
    List<Set<String>> sets = new ArrayList<>(devicesByExecutor.values());
    assertEquals(1, sets.get(0).size(), "one GPU per executor: " + devicesByExecutor);
    assertEquals(1, sets.get(1).size(), "one GPU per executor: " + devicesByExecutor);
    assertNotEquals(sets.get(0), sets.get(1), "different GPUs: " + devicesByExecutor);
  }

  @Test
  void sharedGpuTasksUseTheirExecutorsGpu(@TempDir Path tmp) throws Exception {
    LocalCluster cluster = LocalCluster.in(tmp.resolve("spark-home"));
    List<String> cmd = JobProcess.javaCommand("1g", GpuProbe.class.getName());
    cmd.addAll(
        List.of(
            "8",
            "4",
            "spark.master=local-cluster[1,2,1024]",
            "spark.worker.resource.gpu.amount=1",
            "spark.worker.resource.gpu.discoveryScript=" + discoveryScript(tmp, "3"),
            "spark.executor.cores=2",
            "spark.executor.memory=480m",
            "spark.executor.resource.gpu.amount=1",
            "spark.task.resource.gpu.amount=0.5",
            "spark.executor.extraClassPath=" + classes(),
            "spark.ui.enabled=false"));
    List<String> lines = run(cmd, env(cluster), tmp.resolve("probe"));
    assertEquals(8, lines.size(), String.join("\n", lines));
    for (String line : lines) {
      assertTrue(line.endsWith(" 3 cuda:3"), line);
    }
  }

  /** The probe's "probe …" lines; fails with its stderr when it does not exit 0. */
  private static List<String> run(List<String> cmd, Map<String, String> env, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "probe did not finish");
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), JobProcess.tail(Files.readString(dir.resolve("err"))));
    return Files.readAllLines(dir.resolve("out")).stream()
        .filter(l -> l.startsWith("probe "))
        .toList();
  }
}
