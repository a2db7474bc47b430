package io.gpenspark.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG charts for the report (no scripts, no external assets). */
final class Svg {
  static final String[] COLOURS = {
    "#2f6db5", "#d9822b", "#3a9a5b", "#b5403a", "#7a5cb5", "#8c6d46", "#d36bb0", "#7f7f7f",
    "#b5b52f", "#2fb5b5"
  };

  private Svg() {}

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * A histogram with one bar series per reference, sharing the bins (side by side in each bin).
   * {@code series}: reference → counts, every array of the same length; {@code lo..hi} the x range.
   */
  static String histogram(
      String id,
      String title,
      String unit,
      double lo,
      double hi,
      Map<String, long[]> series,
      int decimals) {
    int w = 560;
    int h = 220;
    int left = 44;
    int right = 24;
    int top = 26;
    int bottom = 40;
    double plotW = w - left - right;
    double plotH = h - top - bottom;
    int bins = series.values().iterator().next().length;
    long maxCount = 1;
    for (long[] c : series.values()) {
      for (long x : c) {
        maxCount = Math.max(maxCount, x);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<svg id=\"")
        .append(Html.text(id))
        .append("\" class=\"chart\" role=\"img\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" aria-label=\"")
        .append(Html.text(title))
        .append("\">");
    sb.append("<text x=\"")
        .append(left)
        .append("\" y=\"16\" class=\"ct\">")
        .append(Html.text(title))
        .append("</text>");
    // axes
    sb.append("<line x1=\"")
        .append(left)
        .append("\" y1=\"")
        .append(top + plotH)
        .append("\" x2=\"")
        .append(f(left + plotW))
        .append("\" y2=\"")
        .append(f(top + plotH))
        .append("\" class=\"ax\"/>");
    sb.append("<line x1=\"")
        .append(left)
        .append("\" y1=\"")
        .append(top)
        .append("\" x2=\"")
        .append(left)
        .append("\" y2=\"")
        .append(f(top + plotH))
        .append("\" class=\"ax\"/>");
    sb.append("<text x=\"")
        .append(left - 4)
        .append("\" y=\"")
        .append(top + 4)
        .append("\" class=\"yl\">")
        .append(maxCount)
        .append("</text>");
    sb.append("<text x=\"")
        .append(left - 4)
        .append("\" y=\"")
        .append(f(top + plotH))
        .append("\" class=\"yl\">0</text>");
    double binW = plotW / bins;
    int k = 0;
    int nSeries = series.size();
    for (Map.Entry<String, long[]> s : series.entrySet()) {
      String colour = COLOURS[k % COLOURS.length];
      long[] counts = s.getValue();
      for (int b = 0; b < bins; b++) {
        if (counts[b] == 0) {
          continue;
        }
        double barH = plotH * counts[b] / maxCount;
        double x = left + b * binW + 1 + k * (binW - 2) / nSeries;
        double bw = Math.max(1, (binW - 2) / nSeries);
        double from = lo + b * (hi - lo) / bins;
        double to = from + (hi - lo) / bins;
        sb.append("<rect x=\"")
            .append(f(x))
            .append("\" y=\"")
            .append(f(top + plotH - barH))
            .append("\" width=\"")
            .append(f(bw))
            .append("\" height=\"")
            .append(f(barH))
            .append("\" fill=\"")
            .append(colour)
            .append("\">")
            .append("<title>")
            .append(Html.text(s.getKey()))
            .append(": ")
            .append(counts[b])
            .append(" in ")
            .append(Html.num(from, decimals))
            .append("–")
            .append(Html.num(to, decimals))
            .append(' ')
            .append(Html.text(unit))
            .append("</title></rect>");
      }
      k++;
    }
    // x ticks: lo, middle, hi
    for (int t = 0; t <= 4; t++) {
      double x = left + plotW * t / 4;
      double v = lo + (hi - lo) * t / 4;
      sb.append("<text x=\"")
          .append(f(x))
          .append("\" y=\"")
          .append(f(top + plotH + 14))
          .append("\" class=\"xl\">")
          .append(Html.num(v, decimals))
          .append("</text>");
    }
    sb.append("<text x=\"")
        .append(f(left + plotW / 2))
        .append("\" y=\"")
        .append(h - 6)
        .append("\" class=\"xl\">")
        .append(Html.text(unit))
        .append("</text>");
    // legend
    k = 0;
    double lx = left + plotW - 150;
    for (String name : series.keySet()) {
      String colour = COLOURS[k % COLOURS.length];
      double ly = top + 4 + 14 * k;
      sb.append("<rect x=\"")
          .append(f(lx))
          .append("\" y=\"")
          .append(f(ly))
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(colour)
          .append("\"/><text x=\"")
          .append(f(lx + 14))
          .append("\" y=\"")
          .append(f(ly + 9))
          .append("\" class=\"lg\">")
          .append(Html.text(name))
          .append(" (")
          .append(java.util.Arrays.stream(series.get(name)).sum())
          .append(")</text>");
      k++;
    }
    return sb.append("</svg>").toString();
  }

  /** One horizontal bar split into the stages' shares, with a legend. */
  static String stackedBar(String id, List<Map.Entry<String, Double>> parts) {
    int w = 760;
    int h = 34 + 16 * ((parts.size() + 4) / 5);
    double total = parts.stream().mapToDouble(Map.Entry::getValue).sum();
    StringBuilder sb = new StringBuilder();
    sb.append("<svg id=\"")
        .append(Html.text(id))
        .append("\" class=\"chart\" role=\"img\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" aria-label=\"time per stage\">");
    double x = 0;
    int k = 0;
    for (Map.Entry<String, Double> p : parts) {
      String colour = COLOURS[k % COLOURS.length];
      double pw = total > 0 ? w * p.getValue() / total : 0;
      if (pw > 0) {
        sb.append("<rect x=\"")
            .append(f(x))
            .append("\" y=\"0\" width=\"")
            .append(f(pw))
            .append("\" height=\"18\" fill=\"")
            .append(colour)
            .append("\"><title>")
            .append(Html.text(p.getKey()))
            .append(": ")
            .append(Html.num(total > 0 ? 100 * p.getValue() / total : 0, 1))
            .append(" %</title></rect>");
      }
      x += pw;
      double lx = 150 * (k % 5);
      double ly = 24 + 16 * (k / 5);
      sb.append("<rect x=\"")
          .append(f(lx))
          .append("\" y=\"")
          .append(f(ly))
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(colour)
          .append("\"/><text x=\"")
          .append(f(lx + 14))
          .append("\" y=\"")
          .append(f(ly + 9))
          .append("\" class=\"lg\">")
          .append(Html.text(p.getKey()))
          .append(' ')
          .append(Html.num(total > 0 ? 100 * p.getValue() / total : 0, 1))
          .append(" %</text>");
      k++;
    }
    return sb.append("</svg>").toString();
  }
}
