package io.gpenspark.report;

import java.util.List;

/** A plain-text table for the terminal: columns padded to their widest cell, two spaces apart. */
public final class TextTable {
  private TextTable() {}

  /** One line per row (the first is the header), each ending in '\n', without trailing blanks. */
  public static String render(List<String[]> rows) {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]).append(" ".repeat(w[i] - r[i].length() + 2));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
