package io.deltalens.internal.write;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.parquet.FooterStats;
import io.deltalens.internal.parquet.Footers.Footer;
import java.util.List;
import java.util.stream.Collectors;

/** A NOT NULL column must hold no nulls: the footer's null counts prove it without reading rows. */
final class NotNullCheck {
  private NotNullCheck() {}

  static void check(Footer footer, StructType table) {
    List<Column> required = table.fields().stream()
        .filter(f -> !f.isNullable() && !(f.getDataType() instanceof StructType))
        .map(f -> new Column(f.getName()))
        .collect(Collectors.toList());
    if (required.isEmpty()) {
      return;
    }
    DataFileStatistics stats = FooterStats.of(footer, table, required);
    for (Column column : required) {
      Long nulls = stats.getNullCount().get(column);
      String name = column.getNames()[0];
      if (nulls == null) {
        throw new DeltaLensException(footer.file() + ": cannot prove that NOT NULL column '" + name
            + "' has no nulls (the footer has no null count for it)");
      }
      if (nulls > 0) {
        throw new DeltaLensException(footer.file() + ": NOT NULL column '" + name + "' holds "
            + nulls + " null value(s)");
      }
    }
  }

}
