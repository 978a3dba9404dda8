package io.deltalens;

import io.deltalens.internal.frame.Words;
import io.deltalens.internal.views.HistoryChart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as aligned text that fits a terminal: numbers right-aligned, nulls shown as
 * {@code null}, long cells cut with an ellipsis, and footers for rows and columns left out.
 */
public final class TextTable {
  static final String NULL = "null";
  private static final int MAX_CELL = 48;

  private TextTable() {}

  /**
   * The table's history as a text timeline, oldest of the last {@code versions} commits first: time, operation,
   * a bar of the rows each added, files added and removed, compactions and checkpoints marked.
   */
  public static String timeline(DeltaTable table, int versions) {
    Set<Long> checkpoints = new HashSet<>(table.checkpoints().longColumn("version").asList());
    return HistoryChart.render(table.history(), checkpoints, versions);
  }

  public static String render(Table table, int maxRows, int width) {
    int rows = Math.min(maxRows, table.rowCount());
    List<String[]> cells = new ArrayList<>();
    List<Boolean> right = new ArrayList<>();
    int used = 0;
    int shownColumns = 0;
    for (Column<?> column : table.columns()) {
      String[] text = columnText(column, rows);
      int w = widest(text);
      if (shownColumns > 0 && used + w + 2 > width) {
        break;
      }
      cells.add(text);
      right.add(column instanceof NumericColumn);
      used += w + 2;
      shownColumns++;
    }
    StringBuilder out = new StringBuilder();
    int[] widths = cells.stream().mapToInt(TextTable::widest).toArray();
    for (int line = 0; line < rows + 1; line++) {
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < cells.size(); c++) {
        String cell = cells.get(c)[line];
        row.append(c == 0 ? "" : "  ").append(pad(cell, widths[c], right.get(c)));
      }
      out.append(row.toString().stripTrailing()).append('\n');
      if (line == 0) {
        out.append(rule(widths)).append('\n');
      }
    }
    out.append(footer(table, rows, shownColumns));
    return out.toString();
  }

  private static String[] columnText(Column<?> column, int rows) {
    String[] text = new String[rows + 1];
    text[0] = column.name();
    for (int r = 0; r < rows; r++) {
      text[r + 1] = column.isMissing(r) ? NULL : cut(column.getString(r));
    }
    return text;
  }

  static String cut(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
  }

  private static int widest(String[] text) {
    int w = 0;
    for (String s : text) {
      w = Math.max(w, s.length());
    }
    return w;
  }

  private static String pad(String text, int width, boolean right) {
    String space = " ".repeat(width - text.length());
    return right ? space + text : text + space;
  }

  private static String rule(int[] widths) {
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    return rule.toString();
  }

  static String footer(Table table, int shownRows, int shownColumns) {
    List<String> parts = new ArrayList<>();
    if (shownRows < table.rowCount()) {
      parts.add("… " + Words.count(table.rowCount() - shownRows, "more row"));
    }
    if (shownColumns < table.columnCount()) {
      List<String> hidden = table.columnNames().subList(shownColumns, table.columnCount());
      parts.add(Words.count(hidden.size(), "more column") + " (" + cut(String.join(", ", hidden)) + ")");
    }
    String size = "(" + Words.count(table.rowCount(), "row") + " × " + Words.count(table.columnCount(), "column") + ")";
    return (parts.isEmpty() ? size : String.join(", ", parts) + " " + size) + "\n";
  }
}
