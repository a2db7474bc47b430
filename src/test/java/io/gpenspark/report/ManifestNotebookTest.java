package io.gpenspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notebooks/manifest-report.ipynb executed top to bottom by Debian's jupyter nbconvert on the CSV
 * and JSONL exports of a manifest the real job wrote; its printed summary must agree with the
 * manifest. Skipped only when nbconvert is not installed (.ci/run installs it).
 */
@IntegrationTest
class ManifestNotebookTest {
  static final Path NOTEBOOK = Path.of("notebooks/manifest-report.ipynb");
  static final ObjectMapper JSON = new ObjectMapper();

  static String jupyter() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, "jupyter-nbconvert");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return Files.isExecutable(Path.of("/usr/bin/jupyter-nbconvert"))
        ? "/usr/bin/jupyter-nbconvert"
        : null;
  }

  /** Executes the notebook on an export; returns the executed notebook. */
  static JsonNode execute(Path export, Path tmp) throws Exception {
    Path out = tmp.resolve("executed-" + export.getFileName() + ".ipynb");
    Path log = tmp.resolve("nbconvert.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                jupyter(),
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=120",
                NOTEBOOK.toAbsolutePath().toString(),
                "--output-dir",
                tmp.toString(),
                "--output",
                out.getFileName().toString())
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("GPEN_MANIFEST_EXPORT", export.toString());
    pb.environment().put("MPLBACKEND", "module://matplotlib_inline.backend_inline");
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("nbconvert did not finish in 180 s");
    }
    assertEquals(0, p.exitValue(), "nbconvert failed:\n" + Files.readString(log));
    return JSON.readTree(out.toFile());
  }

  /** The JSON after "KEY " in the notebook's printed output. */
  static JsonNode printed(JsonNode nb, String key) throws Exception {
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        if ("stream".equals(o.path("output_type").asText())) {
          StringBuilder text = new StringBuilder();
          o.get("text").forEach(t -> text.append(t.asText()));
          for (String line : text.toString().split("\n")) {
            if (line.startsWith(key + " ")) {
              return JSON.readTree(line.substring(key.length() + 1));
            }
          }
        }
      }
    }
    throw new AssertionError("the notebook printed no " + key);
  }

  static int images(JsonNode nb) {
    int n = 0;
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        n += o.path("data").has("image/png") ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void notebookOnTheCsvAndJsonLinesExports(@TempDir Path tmp) throws Exception {
    assumeTrue(
        jupyter() != null,
        "jupyter-nbconvert is not installed (apt-get install -y jupyter-nbconvert"
            + " python3-ipykernel python3-pandas python3-matplotlib); .ci/run installs it");
    RunManifests m = RunManifests.get();
    Path csv = tmp.resolve("current.csv");
    Path jsonl = tmp.resolve("run-1.jsonl");
    assertEquals(
        0,
        GpenSparkRunner.run(
                "manifest",
                "export",
                "--manifest",
                m.manifest,
                "--current",
                "--output",
                csv.toString())
            .code());
    assertEquals(
        0,
        GpenSparkRunner.run(
                "manifest",
                "export",
                "--manifest",
                m.manifest,
                "--run",
                "run-1",
                "--format",
                "jsonl",
                "--output",
                jsonl.toString())
            .code());

    JsonNode current = execute(csv, tmp);
    JsonNode s = printed(current, "SUMMARY");
    assertEquals(7, s.get("inputs").asInt());
    assertEquals(4, s.get("status").get("ok").asInt());
    assertEquals(2, s.get("status").get("no_face").asInt());
    assertEquals(1, s.get("status").get("failed").asInt());
    assertEquals(2, s.get("runs").asInt());
    assertEquals(1, printed(current, "ERRORS").get("unsupported_format").asInt());
    assertTrue(images(current) >= 2, "stage chart and histograms drawn");

    JsonNode run1 = execute(jsonl, tmp);
    s = printed(run1, "SUMMARY");
    assertEquals(7, s.get("inputs").asInt());
    assertEquals(2, s.get("status").get("failed").asInt());
    assertEquals(m.run1.faces(), s.get("faces").asLong());
    Row q =
        LocalSpark.session()
            .read()
            .parquet(m.manifest)
            .where("run_id = 'run-1'")
            .selectExpr("avg(psnr)", "avg(ssim)")
            .first();
    List<JsonNode> quality = new ArrayList<>();
    printed(run1, "QUALITY").forEach(quality::add);
    JsonNode psnr =
        quality.stream()
            .filter(x -> x.get("metric").asText().equals("PSNR"))
            .findFirst()
            .orElseThrow();
    assertEquals("input", psnr.get("reference").asText());
    assertEquals(5, psnr.get("images").asInt());
    assertEquals(q.getDouble(0), psnr.get("mean").asDouble(), 1e-9);
    JsonNode ssim =
        quality.stream()
            .filter(x -> x.get("metric").asText().equals("SSIM"))
            .findFirst()
            .orElseThrow();
    assertEquals(q.getDouble(1), ssim.get("mean").asDouble(), 1e-9);
  }
}
