package io.gpenspark.report;

import java.util.function.Consumer;

/**
 * The page every HTML report is written on, so the run report and the evaluation look alike and
 * stay self-contained: inline CSS, no script, a Content-Security-Policy that lets nothing but
 * inline images and style load, then a heading, a scope line, sections and a footer.
 */
public final class HtmlPage {
  /** The style sheet of every report (inline). */
  private static final String CSS =
      String.join(
          "\n",
          "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px auto;max-width:1140px;color:#1d1d1f;background:#fff;padding:0 16px}",
          "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}",
          "p.scope{color:#555;margin:0 0 12px;overflow-wrap:anywhere}code{word-break:break-all}",
          "table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #d5d9de;padding:4px 8px;text-align:left;vertical-align:top}",
          "th{background:#f2f4f7;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}",
          ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}.card{border:1px solid #d5d9de;border-radius:6px;padding:8px 14px;min-width:110px;background:#f8f9fb}",
          ".card .v{font-size:24px;font-weight:700}.card .k{color:#555;font-size:13px}",
          ".st-ok .v{color:#2c7a3f}.st-failed .v{color:#b5403a}.st-no_face .v{color:#8a6d1d}.st-skipped .v{color:#666}",
          ".charts{display:flex;flex-wrap:wrap;gap:12px}svg.chart{background:#fbfcfd;border:1px solid #e3e6ea}",
          "svg .ct{font-size:13px;font-weight:600}svg .ax{stroke:#444;stroke-width:1}svg .xl{font-size:11px;text-anchor:middle}",
          "svg .yl{font-size:11px;text-anchor:end}svg .lg{font-size:12px}",
          ".gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px}",
          "figure{margin:0;border:1px solid #d5d9de;border-radius:6px;padding:8px;background:#fafbfc}",
          "figure .pair{display:flex;gap:6px}figure .pair div{flex:1;text-align:center;font-size:12px;color:#555}",
          "figure img{max-width:100%;height:auto;display:block;margin:0 auto 2px}",
          "figcaption{font-size:12px;word-break:break-all;margin-top:4px}figcaption b{font-size:13px}",
          ".missing{display:flex;align-items:center;justify-content:center;min-height:80px;background:#eee;color:#777;font-size:11px;padding:4px}",
          "td.path,td.err{word-break:break-all;font-size:13px}footer{margin-top:30px;color:#777;font-size:12px}");

  private final StringBuilder sb = new StringBuilder(64 * 1024);

  /**
   * @param title the window title (text)
   * @param heading the page's h1 (text)
   * @param scopeHtml the line under the heading: markup whose values the caller escaped
   */
  public HtmlPage(String title, String heading, String scopeHtml) {
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>")
        .append(Html.text(title))
        .append("</title>")
        .append("<style>")
        .append(CSS)
        .append("</style></head><body>\n")
        .append("<h1>")
        .append(Html.text(heading))
        .append("</h1>\n")
        .append("<p class=\"scope\">")
        .append(scopeHtml)
        .append("</p>\n");
  }

  /** A section with its id and h2 heading; content writes the markup between (values escaped). */
  public HtmlPage section(String id, String heading, Consumer<StringBuilder> content) {
    sb.append("<section id=\"")
        .append(Html.text(id))
        .append("\"><h2>")
        .append(Html.text(heading))
        .append("</h2>");
    content.accept(sb);
    sb.append("</section>\n");
    return this;
  }

  /** The whole page, closed by a footer line (text). */
  public String html(String footer) {
    return sb + "<footer>" + Html.text(footer) + "</footer>\n</body></html>\n";
  }
}
