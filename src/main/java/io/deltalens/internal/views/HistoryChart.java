package io.deltalens.internal.views;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * The history as a text timeline, oldest commit first: per version its time and operation, a bar of the rows
 * it added (scaled to the largest), the files it added and removed; compactions and checkpoints marked.
 */
public final class HistoryChart {
  private static final int BAR = 40;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private HistoryChart() {}

  /** The last {@code versions} rows of {@code history} (a {@link History} table), {@code checkpoints} marked. */
  public static String render(Table history, Set<Long> checkpoints, int versions) {
    int shown = Math.min(versions, history.rowCount());
    long most = 1;
    int operationWidth = "operation".length();
    for (int r = 0; r < shown; r++) {
      most = Math.max(most, history.longColumn("rowsAdded").get(r));
      operationWidth = Math.max(operationWidth, history.stringColumn("operation").get(r).length());
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%7s  %-19s  %-" + operationWidth + "s  %-" + BAR + "s  %s%n", "version", "time (UTC)",
        "operation", "rows added", "files"));
    for (int r = shown - 1; r >= 0; r--) { // the history is newest first
      long version = history.longColumn("version").get(r);
      String operation = history.stringColumn("operation").get(r);
      long rows = history.longColumn("rowsAdded").get(r);
      int added = history.intColumn("filesAdded").get(r);
      int removed = history.intColumn("filesRemoved").get(r);
      String bar = rows == 0 ? "" : "█".repeat((int) Math.max(1, Math.round((double) rows * BAR / most)));
      String files = (added > 0 ? "+" + added : "") + (removed > 0 ? (added > 0 ? " " : "") + "-" + removed : "");
      String marks = (operation.equals("OPTIMIZE") ? "  ↻ compaction" : "")
          + (checkpoints.contains(version) ? "  ◆ checkpoint" : "");
      out.append(String.format("%7d  %-19s  %-" + operationWidth + "s  %-" + BAR + "s  %s%s%n", version,
          TIME.format(history.instantColumn("timestamp").get(r)), operation,
          bar + (rows == 0 ? "" : " " + String.format("%,d", rows)), files, marks).replaceAll(" +\n", "\n"));
    }
    if (history.rowCount() > shown) {
      out.append("(").append(history.rowCount() - shown).append(" older versions not shown)\n");
    }
    return out.toString();
  }
}
