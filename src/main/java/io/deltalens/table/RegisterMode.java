package io.deltalens.table;

import static io.delta.kernel.internal.util.Utils.toCloseableIterator;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.deltalens.parquet.FooterStats;
import io.deltalens.parquet.Footers;
import io.deltalens.parquet.Footers.Footer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Register mode: files already under the table folder become add actions as they are, with schema, row
 * count and statistics from their footers and partition values from their Hive-style folders.
 */
final class RegisterMode {
  private RegisterMode() {}

  /** Adds {@code footers}' files as they lie; returns the rows they hold. */
  static long write(Engine engine, DeltaTable table, Row state, StructType schema,
      List<String> partitionColumns, List<Footer> footers, List<Row> actions) throws IOException {
    Map<Path, List<Footer>> byFolder = footers.stream().collect(
        Collectors.groupingBy(f -> f.file().getParent(), LinkedHashMap::new, Collectors.toList()));
    long rows = 0;
    for (List<Footer> group : byFolder.values()) {
      Path relative = table.path().relativize(group.get(0).file());
      Map<String, Literal> partition = partitionColumns.isEmpty()
          ? Map.of() : PartitionPaths.parse(relative, partitionColumns, schema);
      DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
      List<DataFileStatus> statuses = new ArrayList<>();
      for (Footer footer : group) {
        statuses.add(new DataFileStatus(Append.kernelFilePath(state, footer.file()), footer.size(),
            footer.modificationTime(),
            Optional.of(FooterStats.of(footer, schema, context.getStatisticsColumns()))));
        rows += footer.numRecords();
      }
      try (CloseableIterator<Row> adds = Transaction.generateAppendActions(
          engine, state, toCloseableIterator(statuses.iterator()), context)) {
        adds.forEachRemaining(actions::add);
      }
    }
    return rows;
  }

}
