package io.deltalens.internal.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.engine.LogLines;
import io.deltalens.internal.frame.FrameBuilder;
import io.deltalens.internal.frame.Frames;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.ParquetSchemas;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.schema.MessageType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The checkpoints of a table — classic ({@code v.checkpoint.parquet}), multi-part
 * ({@code v.checkpoint.i.n.parquet}) and v2 ({@code v.checkpoint.uuid.json|parquet}, whose file actions may
 * live in {@code _delta_log/_sidecars/}) — listed, and loaded as tables with struct fields spread over
 * columns ({@code add.path}, {@code add.stats}, {@code metaData.schemaString}, {@code protocol.*}, ...).
 */
public final class CheckpointFiles {
  private static final Pattern NAME = Pattern.compile(
      "(\\d{20})\\.checkpoint(?:\\.(\\d{10})\\.(\\d{10})|\\.([0-9a-fA-F-]{36}))?\\.(parquet|json)");
  /** JSON objects that are maps in the protocol: kept as JSON text rather than spread over columns. */
  private static final Set<String> MAPS = Set.of("partitionValues", "configuration", "tags", "options",
      "operationParameters", "operationMetrics", "stats_parsed", "partitionValues_parsed");

  private CheckpointFiles() {}

  /** One checkpoint: its version, kind and files (several for multi-part). */
  public record Checkpoint(long version, String kind, List<Storage.Entry> files) {}

  public static List<Checkpoint> list(Location table) {
    Map<String, Checkpoint> found = new TreeMap<>();
    for (Storage.Entry file : Storage.list(LogFiles.log(table))) {
      Matcher m = NAME.matcher(file.name());
      if (!m.matches()) {
        continue;
      }
      long version = Long.parseLong(m.group(1));
      String kind = m.group(2) != null ? "multi-part" : m.group(4) != null ? "v2" : "classic";
      String key = m.group(1) + kind + (m.group(4) == null ? "" : m.group(4));
      found.computeIfAbsent(key, k -> new Checkpoint(version, kind, new ArrayList<>())).files().add(file);
    }
    return new ArrayList<>(found.values());
  }

  /** One row per checkpoint: version, kind, files, bytes, actions (rows), sidecars, file name. */
  public static Table listing(Location table) {
    Versions.latest(table);
    LongColumn version = LongColumn.create("version");
    StringColumn kind = StringColumn.create("kind");
    IntColumn files = IntColumn.create("files");
    LongColumn bytes = LongColumn.create("bytes");
    LongColumn actions = LongColumn.create("actions");
    IntColumn sidecars = IntColumn.create("sidecars");
    StringColumn name = StringColumn.create("file");
    for (Checkpoint checkpoint : list(table)) {
      Table content = load(checkpoint);
      List<Storage.Entry> sidecarFiles = sidecars(checkpoint.files().get(0).location(), content);
      version.append(checkpoint.version());
      kind.append(checkpoint.kind());
      files.append(checkpoint.files().size());
      bytes.append(checkpoint.files().stream().mapToLong(Storage.Entry::size).sum()
          + sidecarFiles.stream().mapToLong(Storage.Entry::size).sum());
      actions.append(content.rowCount());
      sidecars.append(sidecarFiles.size());
      name.append(checkpoint.files().get(0).name());
    }
    return Table.create("checkpoints of " + table.name(), version, kind, files, bytes, actions,
        sidecars, name);
  }

  /** The checkpoint of {@code version} (or the newest one when null) as one table of actions. */
  public static Table load(Location table, Long version) {
    List<Checkpoint> all = list(table);
    if (all.isEmpty()) {
      throw new DeltaLensException(table + " has no checkpoint yet (write one with: deltalens checkpoint)");
    }
    Checkpoint chosen = version == null ? all.get(all.size() - 1) : all.stream()
        .filter(c -> c.version() == version).reduce((a, b) -> b)
        .orElseThrow(() -> new DeltaLensException("no checkpoint at version " + version + " in " + table
            + "; there are checkpoints at " + all.stream().map(Checkpoint::version).distinct().toList()));
    return load(chosen);
  }

  /** One checkpoint file (a part of a multi-part checkpoint is loaded alone) with its sidecars. */
  public static Table load(Path file) {
    if (!NAME.matcher(file.getFileName().toString()).matches()) {
      throw new DeltaLensException(file + " is not named like a checkpoint (<version>.checkpoint[...].parquet|json)");
    }
    if (!Files.isRegularFile(file)) {
      throw new DeltaLensException("no such checkpoint file: " + file);
    }
    Location location = Location.local(file);
    return load(new Checkpoint(0, "file", List.of(entry(location))));
  }

  private static Table load(Checkpoint checkpoint) {
    List<Table> parts = new ArrayList<>();
    for (Storage.Entry file : checkpoint.files()) {
      parts.add(file.name().endsWith(".json") ? json(file.location()) : parquet(file));
    }
    Table main = Frames.union(checkpoint.files().get(0).name(), parts);
    List<Storage.Entry> sidecarFiles = sidecars(checkpoint.files().get(0).location(), main);
    if (sidecarFiles.isEmpty()) {
      return main;
    }
    List<Table> all = new ArrayList<>(List.of(main));
    sidecarFiles.forEach(f -> all.add(parquet(f)));
    return Frames.union(main.name(), all);
  }

  private static List<Storage.Entry> sidecars(Location checkpoint, Table content) {
    if (!content.containsColumn("sidecar.path")) {
      return List.of();
    }
    Location dir = checkpoint.parent().resolve("_sidecars");
    List<Storage.Entry> files = new ArrayList<>();
    var paths = content.column("sidecar.path");
    for (int r = 0; r < content.rowCount(); r++) {
      if (!paths.isMissing(r)) {
        String path = paths.getString(r);
        Location file = path.contains("/") ? Location.of(path) : dir.resolve(path);
        if (!Storage.exists(file)) {
          throw new DeltaLensException("sidecar " + file + " named by " + checkpoint + " is missing");
        }
        files.add(entry(file));
      }
    }
    return files;
  }

  private static Storage.Entry entry(Location file) {
    return Storage.stat(file).orElseThrow(() -> new DeltaLensException("no such file: " + file));
  }

  static Table parquet(Storage.Entry file) {
    MessageType fileSchema = Footers.read(file).metadata().getFileMetaData().getSchema();
    StructType schema = ParquetSchemas.toDelta(fileSchema, file.location());
    FrameBuilder frame = FrameBuilder.flattened(schema);
    FileStatus status = FileStatus.of(file.location().uri(), file.size(), file.modificationTime());
    try (CloseableIterator<FileReadResult> batches = Kernel.engine().getParquetHandler()
        .readParquetFiles(Iterators.of(List.of(status)), schema, Optional.empty())) {
      while (batches.hasNext()) {
        frame.append(new FilteredColumnarBatch(batches.next().getData(), Optional.empty()), Integer.MAX_VALUE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame.build(file.name());
  }

  private static Table json(Location file) {
    List<Map<String, String>> rows = new ArrayList<>();
    try (InputStream in = Storage.open(file)) {
      for (String line : LogLines.read(in)) {
        if (!line.isBlank()) {
          Map<String, String> row = new LinkedHashMap<>();
          flatten("", LogFiles.JSON.readTree(line), row);
          rows.add(row);
        }
      }
    } catch (IOException e) {
      throw new DeltaLensException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    List<Table> tables = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Table one = Table.create("");
      row.forEach((k, v) -> one.addColumns(StringColumn.create(k, new String[] {v})));
      tables.add(one);
    }
    return Frames.union(file.name(), tables);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject() && !MAPS.contains(field.getKey())) {
        flatten(name, value, out);
      } else {
        out.put(name, value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
      }
    }
  }

  /** The order a reader meets action kinds in: what the table is, then its files. */
  private static final List<String> KINDS = List.of("protocol", "metaData", "txn", "domainMetadata",
      "checkpointMetadata", "sidecar", "add", "remove");

  /**
   * A checkpoint's actions split by kind (protocol, metaData, txn, domainMetadata, add, remove, sidecar, ...):
   * each kind's rows with only its own fields, named without the kind's prefix, instead of one grid whose
   * columns are mostly null.
   */
  public static Map<String, Table> byKind(Table actions) {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (String name : actions.columnNames()) {
      int dot = name.indexOf('.');
      columns.computeIfAbsent(dot < 0 ? name : name.substring(0, dot), k -> new ArrayList<>()).add(name);
    }
    List<String> kinds = new ArrayList<>(columns.keySet());
    kinds.sort(java.util.Comparator.comparingInt(k -> KINDS.contains(k) ? KINDS.indexOf(k) : KINDS.size()));
    Map<String, Table> byKind = new LinkedHashMap<>();
    for (String kind : kinds) {
      List<String> names = columns.get(kind);
      Table rows = actions.selectColumns(names.toArray(String[]::new)).dropWhere(allMissing(actions, names));
      for (String name : names) {
        rows.column(name).setName(name.equals(kind) ? kind : name.substring(kind.length() + 1));
      }
      if (rows.rowCount() > 0) {
        byKind.put(kind, rows.setName(kind + " actions of " + actions.name()));
      }
    }
    return byKind;
  }

  private static tech.tablesaw.selection.Selection allMissing(Table actions, List<String> names) {
    tech.tablesaw.selection.Selection missing = new tech.tablesaw.selection.BitmapBackedSelection();
    for (int r = 0; r < actions.rowCount(); r++) {
      int row = r;
      if (names.stream().allMatch(n -> actions.column(n).isMissing(row))) {
        missing.add(r);
      }
    }
    return missing;
  }
}
