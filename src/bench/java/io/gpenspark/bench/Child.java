package io.gpenspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A section in a fresh JVM: the same java, JVM options and classpath, the same arguments plus the
 * section to run; its result comes back as a JSON file. The child's progress lines go straight to
 * this process's stderr.
 */
final class Child {
  private Child() {}

  static Map<String, Object> run(
      String section,
      BenchOptions o,
      List<String> args,
      List<String> jvmOptions,
      Integer threads,
      Path scratch)
      throws IOException, InterruptedException {
    Path result = Files.createTempFile(scratch, section + "-", ".json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Bench.jvmOptions());
    cmd.addAll(jvmOptions); // after the inherited ones: the last of a kind wins
    if (threads != null) {
      cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
      cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Bench.class.getName());
    cmd.addAll(args);
    cmd.addAll(
        List.of(
            "--child", section, "--child-out", result.toString(), "--scratch", scratch.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Allocator.apply(o, pb.environment());
    Process p = pb.start();
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException("section " + section + " failed (exit " + code + ")");
    }
    Map<String, Object> out = Bench.readJson(result);
    Files.deleteIfExists(result);
    return out;
  }
}
