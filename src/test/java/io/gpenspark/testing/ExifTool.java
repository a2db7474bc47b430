package io.gpenspark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** ExifTool (Debian's libimage-exiftool-perl) as the independent reader and writer of metadata. */
public final class ExifTool {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExifTool() {}

  /** Skips the calling test where exiftool is not installed (.ci/run installs it). */
  public static void assumePresent() {
    boolean present;
    try {
      Process p = new ProcessBuilder("exiftool", "-ver").redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "exiftool (libimage-exiftool-perl) is not installed");
  }

  /** Runs a command (exiftool with its arguments), which must succeed; returns its output. */
  public static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + text);
    return text;
  }

  /** All tags ExifTool finds, numeric values, group:name keys (e.g. "IFD0:Orientation"). */
  public static JsonNode tags(Path file) throws Exception {
    return JSON.readTree(run(List.of("exiftool", "-j", "-G1", "-a", "-n", file.toString()))).get(0);
  }

  /** The ICC profile's description, wherever the format keeps it; null without a profile. */
  public static String iccDescription(JsonNode tags) {
    for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.endsWith(":ProfileDescription")) {
        return tags.get(k).asText();
      }
    }
    return null;
  }
}
