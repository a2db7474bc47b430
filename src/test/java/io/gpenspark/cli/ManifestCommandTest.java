package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.report.RunManifests;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpen-spark manifest runs|show|stats|export over the manifest of two real job runs. */
@IntegrationTest
class ManifestCommandTest {
  static RunManifests m;

  @BeforeAll
  static void manifest() {
    m = RunManifests.get();
  }

  private static String line(String out, String key) {
    return out.lines()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .map(l -> l.substring(key.length()).strip())
        .orElseThrow(() -> new AssertionError("no " + key + " in\n" + out));
  }

  private static GpenSparkRunner.Result ok(String... args) {
    GpenSparkRunner.Result r = GpenSparkRunner.run(args);
    assertEquals(0, r.code(), r.err());
    return r;
  }

  @Test
  void statsOfOneRunAndOfTheCurrentRows() {
    String run1 = ok("manifest", "stats", "--manifest", m.manifest, "--run", "run-1").out();
    assertEquals("7", line(run1, "inputs"), run1);
    assertEquals("failed 2, no_face 1, ok 4", line(run1, "status"));
    assertEquals("unsupported_format 2", line(run1, "error_code"));
    assertEquals(Long.toString(m.run1.faces()), line(run1, "faces"));
    Row q =
        LocalSpark.session()
            .read()
            .parquet(m.manifest)
            .where("run_id = 'run-1'")
            .selectExpr("avg(psnr)", "percentile(psnr, 0.5)", "avg(ssim)")
            .first();
    String psnr = line(run1, "PSNR");
    assertTrue(
        psnr.startsWith(
            String.format(
                Locale.ROOT,
                "input: 5 images, mean %.2f dB, median %.2f dB",
                q.getDouble(0),
                q.getDouble(1))),
        psnr);
    assertTrue(
        line(run1, "SSIM")
            .startsWith(String.format(Locale.ROOT, "input: 5 images, mean %.4f", q.getDouble(2))));
    assertTrue(line(run1, "stage time").contains("preprocess "), run1);

    String current = ok("manifest", "stats", "--manifest", m.manifest, "--current").out();
    assertEquals("7", line(current, "inputs"));
    assertEquals("failed 1, no_face 2, ok 4", line(current, "status"));
    assertTrue(line(current, "runs").startsWith("2 "), current);

    String byDefault = ok("manifest", "stats", "--manifest", m.manifest).out();
    assertEquals(current, byDefault, "stats and the report default to the current row per input");
    String all = ok("manifest", "stats", "--manifest", m.manifest, "--all").out();
    assertEquals("9", line(all, "inputs"), "every row of both runs");
  }

  @Test
  void aFolderOrATableNotBoth() {
    for (String[] args :
        List.of(
            new String[] {"manifest", "stats", "--manifest", m.manifest, "--manifest-table", "a.b"},
            new String[] {"report", "--output", "r.html"})) {
      GpenSparkRunner.Result r = GpenSparkRunner.run(args);
      assertEquals(2, r.code(), r.out());
      assertTrue(r.err().contains("give one of --manifest URI or --manifest-table NAME"), r.err());
    }
  }

  @Test
  void runsAndShow() {
    String runs = ok("manifest", "runs", "--manifest", m.manifest).out();
    List<String> lines = runs.lines().toList();
    assertEquals(3, lines.size(), runs);
    assertTrue(
        lines.get(1).startsWith("run-1 ") && lines.get(1).contains("failed 2, no_face 1, ok 4"),
        runs);
    assertTrue(lines.get(2).startsWith("run-2 ") && lines.get(2).contains("no_face 2"), runs);
    // run-1's record lies beside the manifest (out/_runs): its outcome and inputs are shown.
    assertTrue(lines.get(1).matches("run-1 +succeeded +7 +7 .*"), runs);
    assertTrue(lines.get(2).matches("run-2 +2 .*"), "run-2's record is under out2: " + runs);

    String show =
        ok("manifest", "show", "--manifest", m.manifest, "--current", "--limit", "3").out();
    assertEquals(5, show.lines().count(), show); // header, 3 rows, footer
    assertTrue(show.strip().endsWith("(3 of 7 rows: current row per input across runs)"), show);
  }

  @Test
  void exportCsvAndJsonLinesKeepEveryValue(@TempDir Path tmp) throws Exception {
    Map<String, Row> byPath = new HashMap<>();
    for (Row r :
        LocalSpark.session().read().parquet(m.manifest).where("run_id = 'run-1'").collectAsList()) {
      byPath.put(r.getAs(ManifestSchema.INPUT_PATH), r);
    }
    Path csv = tmp.resolve("rows.csv");
    GpenSparkRunner.Result r =
        ok(
            "manifest",
            "export",
            "--manifest",
            m.manifest,
            "--run",
            "run-1",
            "--output",
            csv.toString());
    assertTrue(r.err().contains("exported 7 rows"), r.err());
    List<List<String>> records = parseCsv(Files.readString(csv));
    List<String> header = records.get(0);
    assertEquals(Arrays.asList(ManifestSchema.SCHEMA.fieldNames()), header);
    assertEquals(8, records.size());
    int path = header.indexOf("input_path");
    int psnr = header.indexOf("psnr");
    int error = header.indexOf("error");
    int status = header.indexOf("status");
    for (List<String> rec : records.subList(1, records.size())) {
      Row row = byPath.get(rec.get(path));
      assertTrue(row != null, "exported path not in the manifest: " + rec.get(path));
      assertEquals(row.getAs("status"), rec.get(status));
      Double p = row.getAs("psnr");
      assertEquals(p == null ? "" : Double.toString(p), rec.get(psnr));
      String e = row.getAs("error");
      assertEquals(e == null ? "" : e, rec.get(error));
    }
    assertTrue(
        records.stream().anyMatch(rec -> rec.get(path).endsWith(RunManifests.ODD_FACE)),
        "quotes and commas survive");

    ok(
        "manifest",
        "export",
        "--manifest",
        m.manifest,
        "--run",
        "run-1",
        "--format",
        "jsonl",
        "--output",
        tmp.resolve("rows.jsonl").toString());
    List<String> jsonl = Files.readAllLines(tmp.resolve("rows.jsonl"));
    assertEquals(7, jsonl.size());
    ObjectMapper json = new ObjectMapper();
    for (String l : jsonl) {
      JsonNode n = json.readTree(l);
      Row row = byPath.get(n.get("input_path").asText());
      assertTrue(row != null, l);
      assertEquals((int) row.getAs("faces"), n.get("faces").asInt());
      Double p = row.getAs("psnr");
      if (p == null) {
        assertTrue(n.get("psnr").isNull());
      } else {
        assertEquals(p, n.get("psnr").asDouble(), 0.0);
      }
      assertEquals(
          row.getAs("processed_at").toString().length() > 0,
          n.get("processed_at").asText().endsWith("Z"));
    }
    // Without --output, to stdout.
    String stdout =
        ok("manifest", "export", "--manifest", m.manifest, "--latest", "--format", "jsonl").out();
    assertEquals(2, stdout.lines().count(), stdout);
    assertNull(
        json.readTree(stdout.lines().findFirst().orElseThrow()).get("error_code").textValue());
  }

  /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
  static List<List<String>> parseCsv(String s) {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean q = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (q) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          q = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        q = true;
      } else if (c == ',') {
        rec.add(f.toString());
        f.setLength(0);
      } else if (c == '\r') {
        continue;
      } else if (c == '\n') {
        rec.add(f.toString());
        f.setLength(0);
        out.add(rec);
        rec = new ArrayList<>();
      } else {
        f.append(c);
      }
    }
    return out;
  }
}
