package io.gpenspark.report;

import java.util.List;

/** A plain-text table for the terminal: columns padded to their widest cell, two spaces apart. */
public final class TextTable {
  private TextTable() {}

  /** One line per row (the first is the header), each ending in '\n', without trailing blanks. */
  public static String render(List<String[]> rows) {
    return render(rows, Integer.MAX_VALUE);
  }

  /**
   * As {@link #render(List)}, the first {@code leftColumns} columns left-aligned and the others
   * right-aligned (columns of numbers, so that their digits line up).
   */
  public static String render(List<String[]> rows, int leftColumns) {
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
        String pad = " ".repeat(w[i] - r[i].length());
        line.append(i < leftColumns ? r[i] + pad : pad + r[i]).append("  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
