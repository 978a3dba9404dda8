package io.deltalens.internal.frame;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Operations on frames that Tablesaw lacks. */
public final class Frames {
  private Frames() {}

  /**
   * All rows of {@code tables} in one table. Tables with the same columns are appended as they are;
   * otherwise every column becomes text, and a column a table lacks is null in its rows.
   */
  public static Table union(String name, List<Table> tables) {
    if (tables.isEmpty()) {
      return Table.create(name);
    }
    Table first = tables.get(0);
    boolean same = tables.stream().allMatch(t -> t.columnNames().equals(first.columnNames())
        && t.structure().stringColumn("Column Type").asList()
            .equals(first.structure().stringColumn("Column Type").asList()));
    if (same) {
      Table all = first.copy().setName(name);
      tables.subList(1, tables.size()).forEach(all::append);
      return all;
    }
    Set<String> names = new LinkedHashSet<>();
    tables.forEach(t -> names.addAll(t.columnNames()));
    Table all = Table.create(name);
    for (String column : names) {
      StringColumn text = StringColumn.create(column);
      for (Table table : tables) {
        if (table.containsColumn(column)) {
          Column<?> source = table.column(column);
          for (int r = 0; r < table.rowCount(); r++) {
            text.append(source.isMissing(r) ? null : source.getString(r));
          }
        } else {
          for (int r = 0; r < table.rowCount(); r++) {
            text.appendMissing();
          }
        }
      }
      all.addColumns(text);
    }
    return all;
  }
}
