package io.deltalens.table;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.engine.Iterators;
import io.deltalens.parquet.DataStats;
import io.deltalens.parquet.FooterStats;
import io.deltalens.parquet.Footers.Footer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Register mode: files already under the table folder become add actions as they are, with schema, row
 * count and statistics from their footers and partition values from their Hive-style folders.
 */
final class RegisterMode {
  private RegisterMode() {}

  /**
   * Adds {@code footers}' files as they lie; returns the rows they hold. With {@code statsFromData},
   * columns whose footers give no statistics get them from their values (only those column chunks are
   * read); their names go to {@code fromData}.
   */
  static long write(Engine engine, DeltaTable table, Row state, StructType schema,
      List<String> partitionColumns, List<Footer> footers, List<Row> actions, boolean statsFromData,
      Set<String> fromData) throws IOException {
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
        List<Column> lacking = statsFromData
            ? FooterStats.lacking(footer, schema, context.getStatisticsColumns()) : List.of();
        Map<Column, DataStats> computed = lacking.isEmpty() ? Map.of() : fromData(engine, footer, schema, lacking);
        lacking.forEach(c -> fromData.add(c.getNames()[0]));
        statuses.add(new DataFileStatus(Append.kernelFilePath(state, footer.file()), footer.size(),
            footer.modificationTime(),
            Optional.of(FooterStats.of(footer, schema, context.getStatisticsColumns(), computed))));
        rows += footer.numRecords();
      }
      try (CloseableIterator<Row> adds = Transaction.generateAppendActions(
          engine, state, Iterators.of(statuses), context)) {
        adds.forEachRemaining(actions::add);
      }
    }
    return rows;
  }

  /** Statistics of top-level {@code columns} from their values: the reader reads only their column chunks. */
  private static Map<Column, DataStats> fromData(Engine engine, Footer footer, StructType schema,
      List<Column> columns) throws IOException {
    StructType read = new StructType(columns.stream().map(c -> schema.get(c.getNames()[0])).toList());
    List<DataStats> stats = read.fields().stream().map(f -> new DataStats(f.getDataType())).toList();
    FileStatus file = FileStatus.of(footer.file().toUri().toString(), footer.size(), footer.modificationTime());
    try (CloseableIterator<FileReadResult> batches = engine.getParquetHandler()
        .readParquetFiles(Iterators.of(List.of(file)), read, Optional.empty())) {
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next().getData();
        for (int i = 0; i < stats.size(); i++) {
          stats.get(i).add(batch.getColumnVector(i), batch.getSize());
        }
      }
    }
    Map<Column, DataStats> computed = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      computed.put(columns.get(i), stats.get(i));
    }
    return computed;
  }

}
