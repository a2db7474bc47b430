package io.gpenspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a manifest the real job wrote, opened in a real browser (headless Chromium):
 * the counts it shows, that names holding markup stay text, that nothing is fetched from a network,
 * and that the page renders to something other than a blank screen.
 */
@IntegrationTest
class HtmlReportTest {
  static RunManifests m;

  @BeforeAll
  static void manifest() {
    m = RunManifests.get();
  }

  private static String text(String dom, String id) {
    Matcher x = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
    assertTrue(x.find(), "no element #" + id);
    return x.group(1);
  }

  private static Path report(Path tmp, String... selection) {
    Path html = tmp.resolve("report.html");
    String[] args = new String[5 + selection.length];
    args[0] = "report";
    args[1] = "--manifest";
    args[2] = m.manifest;
    args[3] = "--output";
    args[4] = html.toString();
    System.arraycopy(selection, 0, args, 5, selection.length);
    GpenSparkRunner.Result r = GpenSparkRunner.run(args);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(html));
    return html;
  }

  @Test
  void oneRunInChromium(@TempDir Path tmp) throws Exception {
    Chromium.assumeInstalled();
    Path html = report(tmp, "--run", "run-1", "--gallery", "2");
    String page = Files.readString(html);
    // Self-contained: no URL to fetch; thumbnails inline.
    assertFalse(
        Pattern.compile("(src|href)=\"(https?:|//)").matcher(page).find(),
        "network asset in the page");
    assertTrue(page.contains("Content-Security-Policy"));
    assertEquals(
        8,
        countOf(page, "src=\"data:image/jpeg;base64,"),
        "before/after of the best 2 and worst 2, inline");

    String dom = Chromium.dumpDom(html, tmp);
    assertEquals("7", text(dom, "inputs"));
    assertEquals("4", text(dom, "count-ok"));
    assertEquals("1", text(dom, "count-no_face"));
    assertEquals("2", text(dom, "count-failed"));
    assertFalse(dom.contains("id=\"count-skipped\""), "no skipped card: runs write no such row");
    assertEquals("2", text(dom, "error-unsupported_format"));
    long faces =
        LocalSpark.session()
            .read()
            .parquet(m.manifest)
            .where("run_id = 'run-1'")
            .agg(org.apache.spark.sql.functions.sum("faces"))
            .first()
            .getLong(0);
    assertTrue(faces >= 5, "faces " + faces);
    assertEquals(Long.toString(faces), text(dom, "faces"));
    assertEquals("run run-1", text(dom, "selection"));
    // PSNR against the input for the 5 written images; the mean is the manifest's.
    assertEquals("5", text(dom, "psnr-input-count"));
    Row mean =
        LocalSpark.session()
            .read()
            .parquet(m.manifest)
            .where("run_id = 'run-1'")
            .agg(org.apache.spark.sql.functions.avg("psnr"))
            .first();
    assertEquals(
        String.format(java.util.Locale.ROOT, "%.2f", mean.getDouble(0)),
        text(dom, "psnr-input-mean"));
    assertTrue(dom.contains("<svg id=\"hist-psnr\""), "PSNR histogram");
    assertTrue(dom.contains("<svg id=\"hist-ssim\""), "SSIM histogram");
    assertTrue(dom.contains("id=\"gallery-best\"") && dom.contains("id=\"gallery-worst\""));

    // File names with markup are text: the browser made no <i> or <b> element of them, and the
    // broken file's <script> content never reached the page.
    assertFalse(dom.contains("<i>face"), "markup from a file name became an element");
    assertFalse(dom.contains("<b>bad"), "markup from a file name became an element");
    assertFalse(dom.contains("<script"), "a script element in the page");
    assertTrue(dom.contains("odd/&lt;i&gt;face &amp; \"q\" 'a'.png"), "face path shown as text");
    assertTrue(dom.contains("odd/&lt;b&gt;bad &amp;amp; \"q\".jpg"), "failed path shown as text");

    Path shot = Chromium.screenshot(html, tmp);
    double std = Chromium.greyStdDev(shot);
    assertTrue(std > 15, "screenshot looks blank: grey std dev " + std);
  }

  @Test
  void currentRowPerInputAndLatestRun(@TempDir Path tmp) throws Exception {
    Chromium.assumeInstalled();
    String current = Chromium.dumpDom(report(tmp, "--current"), tmp);
    assertEquals("7", text(current, "inputs"));
    assertEquals("4", text(current, "count-ok"));
    assertEquals("2", text(current, "count-no_face"));
    assertEquals("1", text(current, "count-failed"));
    assertEquals("current row per input across runs", text(current, "selection"));
    assertTrue(current.contains(">run-1<") && current.contains(">run-2<"), "both runs listed");
    // Run records beside the manifest: run-1's (its output holds the manifest), not run-2's (its
    // record lies under its own output, out2/_runs).
    assertTrue(current.contains("id=\"record-run-1\""), "run-1's record listed");
    assertFalse(current.contains("id=\"record-run-2\""), "run-2's record is not beside it");

    String latest = Chromium.dumpDom(report(tmp, "--latest"), tmp);
    assertEquals("2", text(latest, "inputs"));
    assertEquals("2", text(latest, "count-no_face"));
    assertEquals("0", text(latest, "count-failed"));
    assertEquals("latest run run-2", text(latest, "selection"));
    assertTrue(latest.contains("No failed image."));
  }

  @Test
  void missingManifestOrRunIsAUsageError(@TempDir Path tmp) {
    GpenSparkRunner.Result r =
        GpenSparkRunner.run(
            "report",
            "--manifest",
            tmp.resolve("none").toString(),
            "--output",
            tmp.resolve("r.html").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("manifest not found"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    r =
        GpenSparkRunner.run(
            "report",
            "--manifest",
            m.manifest,
            "--output",
            tmp.resolve("r.html").toString(),
            "--run",
            "nope");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("run nope not found") && r.err().contains("run-1"), r.err());
    r = GpenSparkRunner.run("report", "--manifest", m.manifest);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--output is required"), r.err());
  }

  private static int countOf(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
