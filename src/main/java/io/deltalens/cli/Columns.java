package io.deltalens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/** {@code --columns a,min.*}: the columns of a result whose names match, in the table's order. */
final class Columns {
  private Columns() {}

  static Table select(Table table, List<String> patterns) {
    if (patterns == null || patterns.isEmpty()) {
      return table;
    }
    List<String> names = new ArrayList<>();
    for (String pattern : patterns) {
      Pattern glob = Pattern.compile(Pattern.quote(pattern.strip()).replace("*", "\\E.*\\Q"),
          Pattern.CASE_INSENSITIVE);
      List<String> matched = table.columnNames().stream()
          .filter(n -> glob.matcher(n).matches() && !names.contains(n)).toList();
      if (matched.isEmpty() && !pattern.contains("*")) {
        throw new io.deltalens.DeltaLensException("no column '" + pattern + "'; the columns are "
            + table.columnNames());
      }
      names.addAll(matched);
    }
    return table.selectColumns(names.toArray(String[]::new));
  }
}
