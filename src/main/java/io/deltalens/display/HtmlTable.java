package io.deltalens.display;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table for notebooks: a caption with its name and size, column names with
 * their types, numbers right-aligned, nulls visibly marked, and a "… N more rows" line.
 */
public final class HtmlTable {
  private static final String STYLE = "<style>"
      + ".dl-table{border-collapse:collapse;font:12px/1.4 ui-monospace,monospace}"
      + ".dl-table caption{text-align:left;font-weight:bold;padding:4px 0}"
      + ".dl-table th,.dl-table td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}"
      + ".dl-table th small{display:block;font-weight:normal;color:#888}"
      + ".dl-table td.n{text-align:right}.dl-table td.null{color:#aaa;font-style:italic}"
      + ".dl-table tr.more td{color:#888;font-style:italic}</style>";

  private HtmlTable() {}

  public static String render(Table table, int maxRows) {
    int rows = Math.min(maxRows, table.rowCount());
    StringBuilder html = new StringBuilder(STYLE).append("<table class=\"dl-table\"><caption>")
        .append(escape(table.name())).append(" — ").append(table.rowCount()).append(" rows × ")
        .append(table.columnCount()).append(" columns</caption><thead><tr>");
    for (Column<?> column : table.columns()) {
      html.append("<th>").append(escape(column.name())).append("<small>")
          .append(column.type().name().toLowerCase()).append("</small></th>");
    }
    html.append("</tr></thead><tbody>");
    for (int r = 0; r < rows; r++) {
      html.append("<tr>");
      for (Column<?> column : table.columns()) {
        if (column.isMissing(r)) {
          html.append("<td class=\"null\">null</td>");
        } else {
          html.append(column instanceof NumericColumn ? "<td class=\"n\">" : "<td>")
              .append(escape(TextTable.cut(column.getString(r)))).append("</td>");
        }
      }
      html.append("</tr>");
    }
    if (rows < table.rowCount()) {
      html.append("<tr class=\"more\"><td colspan=\"").append(table.columnCount()).append("\">… ")
          .append(table.rowCount() - rows).append(" more rows</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
