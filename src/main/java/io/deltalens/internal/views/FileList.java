package io.deltalens.internal.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.expr.Filters;
import io.deltalens.internal.expr.Literals;
import io.deltalens.internal.frame.FrameBuilder;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.ScanFiles;
import io.deltalens.internal.read.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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

  /** One live file as its add action describes it. */
  record DataFile(String path, long size, long modificationTime, Map<String, String> partition,
      long numRecords, Map<String, JsonNode> min, Map<String, JsonNode> max, Map<String, JsonNode> nulls) {}

  public static Table of(Snapshot snapshot) {
    return toTable(snapshot, files(snapshot, Optional.empty()), null, List.of());
  }

  /** The live files Kernel's data skipping keeps for {@code filter} (those a read with it opens). */
  public static Table kept(Snapshot snapshot, String filter) {
    return toTable(snapshot, files(snapshot, Optional.of(Filters.parse(filter, snapshot.getSchema()))),
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
    return toTable(snapshot, files(snapshot, Optional.empty()), kept, columns);
  }

  static List<DataFile> files(Snapshot snapshot, Optional<Predicate> filter) {
    ScanBuilder builder = snapshot.getScanBuilder();
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get());
    }
    List<DataFile> files = new ArrayList<>();
    for (Row scanFile : ScanFiles.inAddedOrder(builder.build())) {
      files.add(dataFile(scanFile));
    }
    return files;
  }

  private static DataFile dataFile(Row scanFile) {
    Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    StructType schema = add.getSchema();
    int statsAt = schema.indexOf("stats");
    String stats = statsAt < 0 || add.isNullAt(statsAt) ? null : add.getString(statsAt);
    Map<String, JsonNode> min = new LinkedHashMap<>();
    Map<String, JsonNode> max = new LinkedHashMap<>();
    Map<String, JsonNode> nulls = new LinkedHashMap<>();
    Optional<JsonNode> parsed = LogFiles.parse(stats);
    parsed.ifPresent(s -> {
      Stats.flatten("", s.get("minValues"), min);
      Stats.flatten("", s.get("maxValues"), max);
      Stats.flatten("", s.get("nullCount"), nulls);
    });
    return new DataFile(add.getString(schema.indexOf("path")), add.getLong(schema.indexOf("size")),
        add.getLong(schema.indexOf("modificationTime")),
        toMap(add.getMap(schema.indexOf("partitionValues"))),
        parsed.map(s -> s.path("numRecords").asLong(-1)).orElse(-1L), min, max, nulls);
  }

  private static Map<String, String> toMap(MapValue map) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < map.getSize(); i++) {
      values.put(map.getKeys().getString(i), map.getValues().isNullAt(i) ? null : map.getValues().getString(i));
    }
    return values;
  }

  private static Table toTable(Snapshot snapshot, List<DataFile> files, Set<String> kept, List<String> why) {
    Table table = Table.create("files of version " + snapshot.getVersion());
    table.addColumns(StringColumn.create("path", files.stream().map(DataFile::path)));
    table.addColumns(LongColumn.create("size", files.stream().mapToLong(DataFile::size).toArray()));
    InstantColumn modified = InstantColumn.create("modificationTime");
    files.forEach(f -> modified.append(Instant.ofEpochMilli(f.modificationTime())));
    table.addColumns(modified);
    for (String column : snapshot.getPartitionColumnNames()) {
      table.addColumns(StringColumn.create(column, files.stream().map(f -> f.partition().get(column))));
    }
    LongColumn records = LongColumn.create("numRecords");
    files.forEach(f -> {
      if (f.numRecords() < 0) {
        records.appendMissing();
      } else {
        records.append(f.numRecords());
      }
    });
    table.addColumns(records);
    if (kept != null) {
      table.addColumns(BooleanColumn.create("kept", files.stream().map(f -> kept.contains(f.path()))
          .toList().toArray(Boolean[]::new)));
      table.addColumns(StringColumn.create("why", files.stream()
          .map(f -> reason(f, kept.contains(f.path()), why, snapshot.getPartitionColumnNames()))));
    }
    Set<String> statColumns = new LinkedHashSet<>();
    files.forEach(f -> {
      statColumns.addAll(f.nulls().keySet());
      statColumns.addAll(f.min().keySet());
    });
    for (String column : statColumns) {
      Optional<StructField> field = field(snapshot.getSchema(), column);
      String name = field.map(StructField::getName).orElse(column);
      DataType type = field.map(StructField::getDataType).orElse(StringType.STRING);
      table.addColumns(statColumn("min." + name, type, files.stream().map(f -> f.min().get(column))));
      table.addColumns(statColumn("max." + name, type, files.stream().map(f -> f.max().get(column))));
      table.addColumns(statColumn("nulls." + name, LongType.LONG, files.stream().map(f -> f.nulls().get(column))));
    }
    return table;
  }

  /**
   * The field a statistics key names: a dotted path of logical names, or of physical names on
   * column-mapping tables (the log's statistics use those); its name in the result is the logical path.
   */
  private static Optional<StructField> field(StructType schema, String key) {
    DataType type = schema;
    List<String> names = new ArrayList<>();
    for (String part : key.split("\\.")) {
      if (!(type instanceof StructType struct)) {
        return Optional.empty();
      }
      Optional<StructField> found = struct.fields().stream()
          .filter(f -> f.getName().equals(part) || part.equals(physicalName(f))).findFirst();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      names.add(found.get().getName());
      type = found.get().getDataType();
    }
    return Optional.of(new StructField(String.join(".", names), type, true));
  }

  private static String physicalName(StructField field) {
    Object name = field.getMetadata().get("delta.columnMapping.physicalName");
    return name == null ? null : name.toString();
  }

  /** Statistics typed as the column is (numbers, dates, timestamps); as text where a value does not parse. */
  private static Column<?> statColumn(String name, DataType type, Stream<JsonNode> nodes) {
    List<JsonNode> values = nodes.toList();
    Object[] parsed = new Object[values.size()];
    try {
      for (int i = 0; i < parsed.length; i++) {
        String text = text(values.get(i));
        parsed[i] = text == null ? null : Literals.parse(text, type).getValue();
      }
      return FrameBuilder.column(name, type, parsed);
    } catch (IllegalArgumentException e) {
      return StringColumn.create(name, values.stream().map(FileList::text));
    }
  }

  /**
   * Why data skipping keeps or skips a file: the partition values and statistics of the filtered columns,
   * which may match the filter (kept) or cannot (skipped).
   */
  private static String reason(DataFile file, boolean kept, List<String> columns, List<String> partitionColumns) {
    List<String> parts = new ArrayList<>();
    for (String column : columns) {
      if (partitionColumns.contains(column)) {
        parts.add("partition " + column + "=" + file.partition().get(column));
      } else if (file.min().containsKey(column) || file.nulls().containsKey(column)) {
        parts.add(column + " in [" + text(file.min().get(column)) + ", " + text(file.max().get(column))
            + "], " + text(file.nulls().get(column)) + " nulls of " + file.numRecords());
      }
    }
    if (parts.isEmpty()) {
      return kept ? "read: no statistics on the filtered columns" : "skipped by Kernel's data skipping";
    }
    return (kept ? "may match: " : "cannot match: ") + String.join("; ", parts);
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
