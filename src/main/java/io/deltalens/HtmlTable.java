package io.deltalens;

import io.deltalens.internal.frame.Words;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table for notebooks: a caption with its name and size, column names with
 * their Delta types, numbers right-aligned, nulls visibly marked in their column's alignment, long values
 * shortened with the whole value on hover, a "… N more rows" line, and a sideways scroll when the table
 * is wider than the page (every column is there).
 */
public final class HtmlTable {
  // Inline styles: notebook front ends style tables with selectors that beat a page's own classes
  // (JupyterLab right-aligns every cell), but not a style attribute.
  private static final String LEFT = "text-align:left;white-space:nowrap";
  private static final String RIGHT = "text-align:right;white-space:nowrap";
  private static final String NULL = ";color:#aaa;font-style:italic";

  private HtmlTable() {}

  public static String render(Table table, int maxRows) {
    int rows = Math.min(maxRows, table.rowCount());
    StringBuilder html = new StringBuilder("<div style=\"overflow-x:auto;max-width:100%\">"
        + "<table class=\"dl-table\" style=\"border-collapse:collapse;font-size:12px\">"
        + "<caption style=\"text-align:left;font-weight:bold;white-space:nowrap\">")
        .append(escape(table.name())).append(" — ").append(Words.count(table.rowCount(), "row")).append(" × ")
        .append(Words.count(table.columnCount(), "column")).append("</caption><thead><tr>");
    for (Column<?> column : table.columns()) {
      html.append("<th style=\"").append(align(column)).append("\">")
          .append(escape(column.name())).append("<br><small style=\"font-weight:normal;color:#888\">")
          .append(deltaType(column.type())).append("</small></th>");
    }
    html.append("</tr></thead><tbody>");
    for (int r = 0; r < rows; r++) {
      html.append("<tr>");
      for (Column<?> column : table.columns()) {
        html.append(cell(column, r));
      }
      html.append("</tr>");
    }
    if (rows < table.rowCount()) {
      html.append("<tr><td colspan=\"").append(table.columnCount())
          .append("\" style=\"text-align:left;color:#888;font-style:italic\">… ")
          .append(Words.count(table.rowCount() - rows, "more row")).append("</td></tr>");
    }
    return html.append("</tbody></table></div>").toString();
  }

  private static String cell(Column<?> column, int row) {
    if (column.isMissing(row)) {
      return "<td class=\"null\" style=\"" + align(column) + NULL + "\">null</td>";
    }
    String value = column.getString(row);
    String shown = TextTable.cut(value);
    String title = shown.equals(value) ? "" : " title=\"" + escape(value) + "\"";
    return "<td style=\"" + align(column) + "\"" + title + ">" + escape(shown) + "</td>";
  }

  private static String align(Column<?> column) {
    return column instanceof NumericColumn ? RIGHT : LEFT;
  }

  /** The Delta name of the type each kind of frame column holds (decimals are read into doubles or strings). */
  private static final Map<ColumnType, String> DELTA_TYPES = Map.of(ColumnType.LONG, "long",
      ColumnType.INTEGER, "integer", ColumnType.SHORT, "short", ColumnType.DOUBLE, "double",
      ColumnType.FLOAT, "float", ColumnType.BOOLEAN, "boolean", ColumnType.LOCAL_DATE, "date",
      ColumnType.INSTANT, "timestamp", ColumnType.LOCAL_DATE_TIME, "timestamp_ntz");

  static String deltaType(ColumnType type) {
    return DELTA_TYPES.getOrDefault(type, "string");
  }

  /** Text made safe inside HTML elements and attribute values. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
