package io.gpenspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared page skeleton and the text table, without Spark or a browser. */
class HtmlPageTest {
  @Test
  void selfContainedPageWithEscapedTextInSections() {
    String html =
        new HtmlPage("a <b> & c", "heading \"x\"", "scope <code>y</code>")
            .section("one", "First", sb -> sb.append("<p>1</p>"))
            .section("two", "Second", sb -> {})
            .html("made by <me>");
    assertTrue(
        html.startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"), html);
    assertTrue(
        html.contains("content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\""),
        "CSP");
    assertTrue(
        html.contains("<title>a &lt;b&gt; &amp; c</title><style>body{"),
        "title escaped, CSS inline");
    assertTrue(
        html.contains(
            "</style></head><body>\n<h1>heading &quot;x&quot;</h1>\n"
                + "<p class=\"scope\">scope <code>y</code></p>\n"
                + "<section id=\"one\"><h2>First</h2><p>1</p></section>\n"
                + "<section id=\"two\"><h2>Second</h2></section>\n"
                + "<footer>made by &lt;me&gt;</footer>\n</body></html>\n"),
        html);
    assertFalse(html.contains("<script"), "no script");
    assertFalse(Pattern.compile("https?:|url\\(|@import").matcher(html).find(), "nothing to fetch");
  }

  @Test
  void textTableColumnsPaddedToTheWidestCell() {
    assertEquals(
        "config    PSNR   Δ\ndegraded  26.15\npre-on    ∞      -7.41\n",
        TextTable.render(
            List.of(
                new String[] {"config", "PSNR", "Δ"},
                new String[] {"degraded", "26.15", ""},
                new String[] {"pre-on", "∞", "-7.41"})));
  }

  @Test
  void textTableRightAlignsTheColumnsAfterTheLeftOnes() {
    assertEquals(
        "stage    best ms\nread         1.5\nmetrics     96.0  (slow)\n",
        TextTable.render(
            List.of(
                new String[] {"stage", "best ms", ""},
                new String[] {"read", "1.5", ""},
                new String[] {"metrics", "96.0", "(slow)"}),
            1));
  }
}
