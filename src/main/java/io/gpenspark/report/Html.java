package io.gpenspark.report;

import java.util.Locale;

/**
 * Escaping and number formatting for the report: every manifest value goes through {@link #text}.
 */
public final class Html {
  private Html() {}

  /** Text or attribute value, safe between tags and inside double- or single-quoted attributes. */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          // Control characters other than tab/newline are not allowed in HTML text.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            sb.append("&#xFFFD;");
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** A number with {@code decimals} digits, "∞"/"−∞" for infinities, "–" for NaN or null. */
  public static String num(Double v, int decimals) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    if (v.isInfinite()) {
      return v > 0 ? "∞" : "−∞";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  public static String seconds(double s) {
    if (s < 120) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long t = Math.round(s);
    return t < 7200
        ? String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60)
        : String.format(Locale.ROOT, "%d h %02d min", t / 3600, (t % 3600) / 60);
  }
}
