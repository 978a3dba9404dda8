package io.deltalens.internal.write;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.parquet.DataStats;
import io.deltalens.internal.parquet.FooterStats;
import io.deltalens.internal.parquet.Footers.Footer;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

/**
 * Register mode: files already under the table folder become add actions as they are, with schema, row
 * count and statistics from their footers and partition values from their Hive-style folders.
 */
final class RegisterMode implements FileMode {
  private final Engine engine;
  private final Location table;
  private final Row state;
  private final StructType schema;
  private final List<String> partitionColumns;
  private final boolean statsFromData;
  private final Set<String> fromData = new ConcurrentSkipListSet<>();

  /**
   * With {@code statsFromData}, columns whose footers give no statistics get them from their values (only
   * those column chunks are read).
   */
  RegisterMode(Engine engine, Location table, Row state, StructType schema, List<String> partitionColumns,
      boolean statsFromData) {
    this.engine = engine;
    this.table = table;
    this.state = state;
    this.schema = schema;
    this.partitionColumns = partitionColumns;
    this.statsFromData = statsFromData;
  }

  /**
   * The files of {@code files} (which must lie inside the table) that it does not hold yet, and its log has
   * not removed: a compaction's or a delete's old files stay in the folder until a vacuum, and registering
   * one again would count its rows twice.
   */
  static List<Storage.Entry> fresh(List<Storage.Entry> files, Location table, LiveFiles live) {
    Inputs.requireInside(files, table);
    return files.stream().filter(f -> !live.contains(f.location()) && !live.removed(f.location()))
        .collect(Collectors.toList());
  }

  /** Adds {@code footers}' files as they lie; returns the rows they hold. */
  @Override
  public long write(List<Footer> footers, List<Row> actions) throws IOException {
    Map<Location, List<Footer>> byFolder = footers.stream().collect(
        Collectors.groupingBy(f -> f.file().parent(), LinkedHashMap::new, Collectors.toList()));
    long rows = 0;
    for (List<Footer> group : byFolder.values()) {
      Path relative = Path.of(table.relativize(group.get(0).file()));
      Map<String, Literal> partition = partitionColumns.isEmpty()
          ? Map.of() : PartitionPaths.parse(relative, partitionColumns, schema);
      DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
      rows += group.stream().mapToLong(Footer::numRecords).sum();
      FileMode.addActions(engine, state, context, group, f -> status(f, context), actions);
    }
    return rows;
  }

  private DataFileStatus status(Footer footer, DataWriteContext context) throws IOException {
    List<Column> lacking = statsFromData
        ? FooterStats.lacking(footer, schema, context.getStatisticsColumns()) : List.of();
    Map<Column, DataStats> computed = lacking.isEmpty() ? Map.of() : fromData(footer, lacking);
    lacking.forEach(c -> fromData.add(c.getNames()[0]));
    return new DataFileStatus(AppendCommit.kernelFilePath(state, footer.file()), footer.size(),
        footer.modificationTime(),
        Optional.of(FooterStats.of(footer, schema, context.getStatisticsColumns(), computed)));
  }

  /** Nothing to delete: register mode writes no file. */
  @Override
  public int deleteWritten() {
    return 0;
  }

  @Override
  public List<String> statsFromData() {
    return List.copyOf(fromData);
  }

  /** Statistics of top-level {@code columns} from their values: the reader reads only their column chunks. */
  private Map<Column, DataStats> fromData(Footer footer, List<Column> columns) throws IOException {
    StructType read = new StructType(columns.stream().map(c -> schema.get(c.getNames()[0])).toList());
    List<DataStats> stats = read.fields().stream().map(f -> new DataStats(f.getDataType())).toList();
    FileStatus file = FileStatus.of(footer.file().uri(), footer.size(), footer.modificationTime());
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
