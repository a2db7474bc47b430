package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.JobProcess;
import io.gpenspark.testing.SharedFiles;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's route for a cluster image that has its own libtorch (a CUDA build): DJL told by
 * PYTORCH_LIBRARY_PATH / PYTORCH_VERSION / PYTORCH_FLAVOR to load it instead of the bundled native.
 * Tested on CPU with the 2.7.1 CPU libraries taken out of the Maven native jar into a folder, in a
 * child JVM without that jar on its classpath and with an empty DJL cache, offline: the libraries
 * can only come from the folder. The fixture's forward reproduces its reference.
 */
@IntegrationTest
class ExistingLibtorchTest {

  @Test
  void djlRunsGpenOnTheLibtorchInPytorchLibraryPath(@TempDir Path tmp) throws Exception {
    String cp = System.getProperty("java.class.path");
    String nativeJar =
        Arrays.stream(cp.split(File.pathSeparator))
            .filter(e -> e.contains("pytorch-native-cpu"))
            .findFirst()
            .orElseThrow();
    String jniJar =
        Arrays.stream(cp.split(File.pathSeparator))
            .filter(e -> e.contains("pytorch-jni"))
            .findFirst()
            .orElseThrow();
    Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
    extract(nativeJar, "pytorch/cpu/linux-x86_64/", lib);
    extract(
        jniJar,
        "jnilib/linux-x86_64/cpu/",
        lib); // libdjl_torch.so: DJL looks for it in the folder first

    List<String> cmd = JobProcess.javaCommand("1g", FixtureForward.class.getName());
    int at = cmd.indexOf("-cp") + 1;
    cmd.set(
        at,
        Arrays.stream(cp.split(File.pathSeparator))
            .filter(e -> !e.contains("pytorch-native-cpu"))
            .collect(Collectors.joining(File.pathSeparator)));
    cmd.add(SharedFiles.path("testdata/gpen-fixtures/gpen-128-cm2-n0.125").toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile());
    pb.environment().put("PYTORCH_LIBRARY_PATH", lib.toString());
    pb.environment().put("PYTORCH_VERSION", "2.7.1");
    pb.environment().put("PYTORCH_FLAVOR", "cpu");
    pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl-cache").toString());
    pb.environment().put("DJL_OFFLINE", "true");
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child did not finish");
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(tmp.resolve("out.txt"));
    assertEquals(0, p.exitValue(), JobProcess.tail(out));
    List<String> mapped =
        out.lines().filter(l -> l.startsWith("mapped ")).map(l -> l.substring(7)).toList();
    System.out.println(String.join("\n", mapped));
    for (String name : List.of("libtorch_cpu.so", "libc10.so", "libdjl_torch.so")) {
      assertTrue(
          mapped.stream().anyMatch(m -> m.startsWith(lib.toString()) && m.endsWith(name)),
          name + " from " + lib + ":\n" + out);
    }
    assertTrue(
        mapped.stream().allMatch(m -> m.startsWith(lib.toString())), "no other libtorch:\n" + out);
    String[] forward =
        out.lines().filter(l -> l.startsWith("forward ")).findFirst().orElseThrow().split(" ");
    assertTrue(Double.parseDouble(forward[1]) <= 1e-3, out);
    assertTrue(Double.parseDouble(forward[2]) <= 1e-5, out);
  }

  /** The files directly under {@code prefix} in {@code jar}, into {@code dir}. */
  private static void extract(String jar, String prefix, Path dir) throws Exception {
    try (ZipFile zip = new ZipFile(jar)) {
      for (ZipEntry e :
          zip.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)).toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, dir.resolve(e.getName().substring(prefix.length())));
        }
      }
    }
  }
}
