package io.deltalens.internal.views;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.expr.Filters;
import io.deltalens.internal.frame.FrameBuilder;
import io.deltalens.internal.read.ScanFiles;
import io.deltalens.internal.read.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The live files of a version, one row each: path, size, modification time, partition values,
 * numRecords, and per column {@code min.c}, {@code max.c}, {@code nulls.c} from the file's statistics.
 * With a filter, {@link #explain} says which files Kernel's data skipping keeps and why others go.
 */
public final class FileList {
  private FileList() {}

  /** One live file as its add action describes it ({@code stats}: its statistics JSON, or null). */
  record DataFile(String path, long size, long modificationTime, Map<String, String> partition, String stats) {
    /** Its rows, -1 when its writer kept no statistics. */
    long numRecords() {
      return Stats.read(stats, null);
    }
  }

  public static Table of(Snapshot snapshot) {
    return toTable(snapshot, listing(snapshot, Optional.empty()), null, List.of());
  }

  /** The live files Kernel's data skipping keeps for {@code filter} (those a read with it opens). */
  public static Table kept(Snapshot snapshot, String filter) {
    return toTable(snapshot, listing(snapshot, Optional.of(Filters.parse(filter, snapshot.getSchema()))),
        null, List.of());
  }

  /**
   * Every live file with {@code kept} (Kernel would read it for {@code filter}) and {@code why}: for a
   * skipped file, the partition values and min/max of the filtered columns that rule it out.
   */
  public static Table explain(Snapshot snapshot, String filter) {
    Predicate predicate = Filters.parse(filter, snapshot.getSchema());
    Set<String> kept = new HashSet<>();
    files(snapshot, Optional.of(predicate)).forEach(f -> kept.add(f.path()));
    List<String> columns = Filters.columns(predicate).stream()
        .map(c -> String.join(".", c.getNames())).toList();
    return toTable(snapshot, listing(snapshot, Optional.empty()), kept, columns);
  }

  static List<DataFile> files(Snapshot snapshot, Optional<Predicate> filter) {
    return ScanFiles.inAddedOrder(scan(snapshot, filter)).stream().map(FileList::dataFile).toList();
  }

  private static Scan scan(Snapshot snapshot, Optional<Predicate> filter) {
    ScanBuilder builder = snapshot.getScanBuilder();
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get());
    }
    return builder.build();
  }

  /** The live files and their statistics' columns. */
  private record Listing(List<DataFile> files, StatColumns.Result stats) {}

  /**
   * The live files with their statistics: slices of each batch of Kernel's replay turned into files and
   * their statistics read on other threads while the replay goes on (on a large table reading statistics
   * took as long as the replay, a core idle through it).
   */
  private static Listing listing(Snapshot snapshot, Optional<Predicate> filter) {
    StructType schema = snapshot.getSchema();
    record Slice(List<DataFile> files, StatColumns.Chunk stats) {}
    List<List<Future<Slice>>> batches = ScanFiles.batchesInAddedOrder(scan(snapshot, filter),
        rows -> StatColumns.slices(rows).stream().map(slice -> Background.compute(() -> {
          List<DataFile> files = slice.stream().map(FileList::dataFile).toList();
          return new Slice(files, StatColumns.read(schema, files.stream().map(DataFile::stats).toList()));
        })).toList());
    List<Slice> slices = batches.stream().flatMap(List::stream).map(Background::join).toList();
    List<DataFile> files = slices.stream().flatMap(s -> s.files().stream()).toList();
    return new Listing(files, StatColumns.of(schema, slices.stream().map(Slice::stats).toList(),
        files.stream().map(DataFile::stats).toList()));
  }

  private static DataFile dataFile(Row scanFile) {
    Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    StructType schema = add.getSchema();
    int statsAt = schema.indexOf("stats");
    String stats = statsAt < 0 || add.isNullAt(statsAt) ? null : add.getString(statsAt);
    return new DataFile(add.getString(schema.indexOf("path")), add.getLong(schema.indexOf("size")),
        add.getLong(schema.indexOf("modificationTime")),
        toMap(add.getMap(schema.indexOf("partitionValues"))), stats);
  }

  private static Map<String, String> toMap(MapValue map) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < map.getSize(); i++) {
      values.put(map.getKeys().getString(i), map.getValues().isNullAt(i) ? null : map.getValues().getString(i));
    }
    return values;
  }

  private static Table toTable(Snapshot snapshot, Listing listing, Set<String> kept, List<String> why) {
    List<DataFile> files = listing.files();
    Table table = Table.create("files of version " + snapshot.getVersion());
    // string columns as every frame makes them (the frame builder's one path)
    table.addColumns(FrameBuilder.column("path", StringType.STRING, files.stream().map(DataFile::path).toArray()));
    table.addColumns(LongColumn.create("size", files.stream().mapToLong(DataFile::size).toArray()));
    InstantColumn modified = InstantColumn.create("modificationTime");
    files.forEach(f -> modified.append(Instant.ofEpochMilli(f.modificationTime())));
    table.addColumns(modified);
    for (String column : snapshot.getPartitionColumnNames()) {
      table.addColumns(FrameBuilder.column(column, StringType.STRING,
          files.stream().map(f -> f.partition().get(column)).toArray()));
    }
    StatColumns.Result parsed = listing.stats();
    LongColumn records = LongColumn.create("numRecords");
    for (long n : parsed.numRecords()) {
      if (n < 0) {
        records.appendMissing();
      } else {
        records.append(n);
      }
    }
    table.addColumns(records);
    Map<String, Column<?>> stats = new LinkedHashMap<>();
    parsed.columns().forEach(c -> stats.put(c.name(), c));
    if (kept != null) {
      table.addColumns(BooleanColumn.create("kept", files.stream().map(f -> kept.contains(f.path()))
          .toList().toArray(Boolean[]::new)));
      StringColumn reasons = StringColumn.create("why");
      for (int row = 0; row < files.size(); row++) {
        DataFile file = files.get(row);
        reasons.append(reason(file, row, kept.contains(file.path()), why, snapshot.getPartitionColumnNames(), stats,
            records));
      }
      table.addColumns(reasons);
    }
    table.addColumns(stats.values().toArray(Column<?>[]::new));
    return table;
  }

  /**
   * Why data skipping keeps or skips a file: the partition values and statistics of the filtered columns,
   * which may match the filter (kept) or cannot (skipped).
   */
  private static String reason(DataFile file, int row, boolean kept, List<String> columns,
      List<String> partitionColumns, Map<String, Column<?>> stats, LongColumn records) {
    List<String> parts = new ArrayList<>();
    for (String column : columns) {
      Column<?> min = stats.get("min." + column);
      Column<?> nulls = stats.get("nulls." + column);
      if (partitionColumns.contains(column)) {
        parts.add("partition " + column + "=" + file.partition().get(column));
      } else if (min != null && !(min.isMissing(row) && nulls.isMissing(row))) {
        parts.add(column + " in [" + text(min, row) + ", " + text(stats.get("max." + column), row) + "], "
            + text(nulls, row) + " nulls of " + text(records, row));
      }
    }
    if (parts.isEmpty()) {
      return kept ? "read: no statistics on the filtered columns" : "skipped by Kernel's data skipping";
    }
    return (kept ? "may match: " : "cannot match: ") + String.join("; ", parts);
  }

  private static String text(Column<?> column, int row) {
    return column.isMissing(row) ? "null" : column.getString(row);
  }
}
