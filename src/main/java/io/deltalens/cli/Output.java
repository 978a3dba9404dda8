package io.deltalens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltalens.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Prints results as aligned text, JSON lines or CSV. */
final class Output {
  enum Format { text, json, csv }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Format format;
  private final PrintStream out;
  /** Progress is shown once work has taken this long: a short command prints none. */
  private final long quietUntil = System.nanoTime() + 1_000_000_000L;

  Output(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  boolean isText() {
    return format == Format.text;
  }

  /**
   * A table: text shows {@code textRows} rows and says how many more, and the columns that fit the
   * terminal unless {@code allColumns}; json and csv print all.
   */
  void table(Table table, int textRows, boolean allColumns) {
    switch (format) {
      case text -> out.print(TextTable.render(table, textRows, allColumns ? Integer.MAX_VALUE : terminalWidth()));
      case json, csv -> rows(table, true);
    }
  }

  /** A block of text already laid out for people (a chart). */
  void text(String block) {
    out.print(block);
  }

  /** A table with its name above it in text (json and csv: the rows only). */
  void titled(Table table, int textRows) {
    if (format == Format.text) {
      out.println(table.name());
    }
    table(table, textRows, true);
  }

  /** The rows of {@code table} as json or csv lines; csv begins with the header when {@code first}. */
  void rows(Table table, boolean first) {
    switch (format) {
      case text -> table(table, Integer.MAX_VALUE, false);
      case json -> {
        for (int r = 0; r < table.rowCount(); r++) {
          ObjectNode row = JSON.createObjectNode();
          for (Column<?> column : table.columns()) {
            putCell(row, column, r);
          }
          out.println(row);
        }
      }
      case csv -> {
        if (first) {
          out.println(csvLine(table.columnNames()));
        }
        for (int r = 0; r < table.rowCount(); r++) {
          List<String> cells = new ArrayList<>();
          for (Column<?> column : table.columns()) {
            cells.add(column.isMissing(r) ? "" : column.getString(r));
          }
          out.println(csvLine(cells));
        }
      }
    }
  }

  /** One result: text prints {@code textLine}; json one object; csv a header and a row. */
  void record(Map<String, ?> fields, String textLine) {
    switch (format) {
      case text -> out.println(textLine);
      case json -> out.println(JSON.valueToTree(new LinkedHashMap<>(fields)).toString());
      case csv -> {
        out.println(csvLine(new ArrayList<>(fields.keySet())));
        List<String> cells = new ArrayList<>();
        fields.values().forEach(v -> cells.add(v == null ? "" : String.valueOf(v)));
        out.println(csvLine(cells));
      }
    }
  }

  /**
   * A progress line for long work: on stderr, for people (text format, or output to a terminal), once
   * the command has run for a second.
   */
  void progress(String line) {
    if ((isText() || System.console() != null) && System.nanoTime() > quietUntil) {
      System.err.println("  … " + line);
    }
  }

  private static void putCell(ObjectNode row, Column<?> column, int r) {
    if (column.isMissing(r)) {
      row.putNull(column.name());
    } else if (column instanceof NumberColumn<?, ?> number) {
      row.putPOJO(column.name(), number.get(r));
    } else if (column instanceof BooleanColumn bool) {
      row.put(column.name(), bool.get(r));
    } else {
      row.put(column.name(), column.getString(r));
    }
  }

  private static String csvLine(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
      quoted.add(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted);
  }

  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "160"));
    } catch (NumberFormatException e) {
      return 160;
    }
  }
}
