package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.JobProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPEN-512's forward with 2 intra-op threads in a child JVM: the configuration that died of SIGFPE
 * in oneDNN's brgemm 1x1 convolution ({@code est_eff_1x1}) on CPUs that report no cache sizes, as
 * soon as PyTorch handed the Winograd layers' 1024->512 1x1 products to oneDNN (it does so with
 * more than one thread). A crash fails this test instead of killing Surefire. The 128-px fixtures
 * never reach those shapes; GPEN-512 does, at 8 to 64 px.
 */
class NativeForwardTest {

  @Test
  void gpen512WithTwoThreadsCompletes(@TempDir Path dir) throws Exception {
    List<String> cmd = JobProcess.javaCommand("2g", ForwardInChild.class.getName());
    cmd.addAll(List.of("512", "2", "1.0", "1", "2"));
    Path out = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
    try {
      assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the child did not finish in 240 s");
    } finally {
      p.destroyForcibly();
    }
    String log = Files.readString(out, StandardCharsets.UTF_8);
    System.out.print(log.lines().filter(l -> l.startsWith("forward")).findFirst().orElse(""));
    System.out.println();
    assertEquals(0, p.exitValue(), "child JVM exited " + p.exitValue() + ":\n" + tail(log));
    assertTrue(log.contains("forward ok: (1, 3, 512, 512), 2 thread(s)"), tail(log));
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
