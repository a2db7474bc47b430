package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * models/fetch against an HTTP server on 127.0.0.1 serving the real YuNet file (or wrong bytes).
 */
class ModelFetchTest {
  private record Run(int code, String output) {}

  private static Run fetch(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of("models/fetch").toAbsolutePath().toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fetch finished");
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }

  private static HttpServer serve(byte[] body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/mirror/face_detection_yunet_2023mar.onnx",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    return server;
  }

  @Test
  void downloadsAndVerifiesTheChecksum(@TempDir Path dest) throws Exception {
    byte[] yunet = Files.readAllBytes(SharedFiles.yunet());
    HttpServer server = serve(yunet);
    try {
      Run r =
          fetch(
              "yunet",
              "--dest",
              dest.toString(),
              "--base-url",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror");
      assertEquals(0, r.code(), r.output());
      assertTrue(r.output().contains("verified"), r.output());
      assertArrayEquals(
          yunet, Files.readAllBytes(dest.resolve("face_detection_yunet_2023mar.onnx")));
      // The mode of any new file here (the umask's), not mktemp's private 0600.
      assertEquals(
          Files.getPosixFilePermissions(Files.createFile(dest.resolve("new-file"))),
          Files.getPosixFilePermissions(dest.resolve("face_detection_yunet_2023mar.onnx")));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesAMismatchAndKeepsNothing(@TempDir Path dest) throws Exception {
    HttpServer server = serve("tampered".getBytes());
    try {
      Run r =
          fetch(
              "yunet",
              "--dest",
              dest.toString(),
              "--base-url",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror");
      assertNotEquals(0, r.code());
      assertTrue(r.output().contains("sha256 mismatch"), r.output());
      assertEquals(1, r.output().strip().lines().count(), r.output());
      try (var files = Files.list(dest)) {
        assertFalse(files.findAny().isPresent(), "no partial file left");
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void saysSoWhenItCannotDownload(@TempDir Path dest) throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Run r =
        fetch(
            "GPEN-BFR-512",
            "--dest",
            dest.toString(),
            "--base-url",
            "http://127.0.0.1:" + closedPort + "/x");
    assertNotEquals(0, r.code());
    assertTrue(r.output().contains("cannot download"), r.output());
    Run unknown = fetch("GPEN-XYZ");
    assertNotEquals(0, unknown.code());
    assertTrue(unknown.output().contains("unknown model"), unknown.output());
  }
}
