package io.deltalens;

import io.deltalens.internal.frame.Words;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table for notebooks: a caption with its name and size, column names with
 * their types, numbers right-aligned, nulls visibly marked, and a "… N more rows" line.
 */
public final class HtmlTable {
  // Inline styles: notebook front ends style tables with selectors that beat a page's own classes
  // (JupyterLab right-aligns every cell), but not a style attribute.
  private static final String LEFT = " style=\"text-align:left;white-space:nowrap\"";
  private static final String RIGHT = " style=\"text-align:right;white-space:nowrap\"";
  private static final String NULL = " style=\"text-align:center;color:#aaa;font-style:italic\"";

  private HtmlTable() {}

  public static String render(Table table, int maxRows) {
    int rows = Math.min(maxRows, table.rowCount());
    StringBuilder html = new StringBuilder(
        "<table class=\"dl-table\" style=\"border-collapse:collapse;font-size:12px\">"
            + "<caption style=\"text-align:left;font-weight:bold\">")
        .append(escape(table.name())).append(" — ").append(Words.count(table.rowCount(), "row")).append(" × ")
        .append(Words.count(table.columnCount(), "column")).append("</caption><thead><tr>");
    for (Column<?> column : table.columns()) {
      html.append("<th").append(column instanceof NumericColumn ? RIGHT : LEFT).append(">")
          .append(escape(column.name())).append("<br><small style=\"font-weight:normal;color:#888\">")
          .append(column.type().name().toLowerCase()).append("</small></th>");
    }
    html.append("</tr></thead><tbody>");
    for (int r = 0; r < rows; r++) {
      html.append("<tr>");
      for (Column<?> column : table.columns()) {
        if (column.isMissing(r)) {
          html.append("<td class=\"null\"").append(NULL).append(">null</td>");
        } else {
          html.append("<td").append(column instanceof NumericColumn ? RIGHT : LEFT).append(">")
              .append(escape(TextTable.cut(column.getString(r)))).append("</td>");
        }
      }
      html.append("</tr>");
    }
    if (rows < table.rowCount()) {
      html.append("<tr><td colspan=\"").append(table.columnCount())
          .append("\" style=\"text-align:left;color:#888;font-style:italic\">… ")
          .append(table.rowCount() - rows).append(" more rows</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
