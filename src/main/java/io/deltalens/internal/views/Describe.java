package io.deltalens.internal.views;

import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.kernel.VoidTypes;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.storage.Location;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a table is, as rows of (section, name, value): its columns with types, nullability and partition
 * role; its properties; its protocol (reader/writer versions and features); its size in files, rows and
 * bytes; when it was created and last changed.
 */
public final class Describe {
  private Describe() {}

  public static Table of(Location table, Snapshot snapshot) {
    StringColumn section = StringColumn.create("section");
    StringColumn name = StringColumn.create("name");
    StringColumn value = StringColumn.create("value");
    Row row = (s, n, v) -> {
      section.append(s);
      name.append(n);
      value.append(v);
    };
    List<String> partitions = snapshot.getPartitionColumnNames();
    addColumns(row, "", snapshot.getSchema(), partitions);
    for (Map.Entry<String, String> property : snapshot.getTableProperties().entrySet()) {
      row.add("property", property.getKey(), property.getValue());
    }
    KernelInternals.ProtocolView protocol = KernelInternals.protocol(snapshot);
    row.add("protocol", "minReaderVersion", String.valueOf(protocol.minReaderVersion()));
    row.add("protocol", "minWriterVersion", String.valueOf(protocol.minWriterVersion()));
    row.add("protocol", "readerFeatures", features(protocol.readerFeatures()));
    row.add("protocol", "writerFeatures", features(protocol.writerFeatures()));
    List<FileList.DataFile> files = FileList.files(snapshot, java.util.Optional.empty());
    row.add("size", "version", String.valueOf(snapshot.getVersion()));
    row.add("size", "files", String.valueOf(files.size()));
    row.add("size", "rows", String.valueOf(files.stream().mapToLong(f -> Math.max(f.numRecords(), 0)).sum()));
    row.add("size", "bytes", String.valueOf(files.stream().mapToLong(FileList.DataFile::size).sum()));
    row.add("time", "created", created(table));
    row.add("time", "lastModified", Instant.ofEpochMilli(snapshot.getTimestamp(Kernel.engine())).toString());
    row.add("table", "location", table.toString());
    row.add("table", "id", snapshot.getMetadata().getId());
    return Table.create("describe " + table.name() + " @v" + snapshot.getVersion(), section, name, value);
  }

  @FunctionalInterface
  private interface Row {
    void add(String section, String name, String value);
  }

  private static void addColumns(Row row, String prefix, StructType schema, List<String> partitions) {
    for (StructField field : schema.fields()) {
      String name = prefix + field.getName();
      String type = VoidTypes.isVoid(field) ? "void"
          : field.getDataType() instanceof StructType ? "struct" : field.getDataType().toString();
      row.add("column", name, type + (field.isNullable() ? "" : " not null")
          + (partitions.contains(name) ? " (partition)" : ""));
      if (field.getDataType() instanceof StructType nested) {
        addColumns(row, name + ".", nested, partitions);
      }
    }
  }

  private static String created(Location table) {
    var commits = LogFiles.commits(table);
    if (commits.isEmpty() || commits.firstKey() != 0) {
      return "unknown (version 0 was cleaned up)";
    }
    return LogFiles.actions(table, 0).stream().filter(a -> a.has("metaData"))
        .map(a -> a.get("metaData").path("createdTime"))
        .filter(t -> !t.isMissingNode())
        .map(t -> Instant.ofEpochMilli(t.asLong()).toString())
        .findFirst().orElse("unknown");
  }

  /** A protocol's features, or "none" (a table of protocol 1/2, or no reader features): not an empty cell. */
  private static String features(java.util.Set<String> features) {
    return features.isEmpty() ? "none" : String.join(", ", features);
  }
}
