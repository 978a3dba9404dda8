package io.deltalens.internal.upkeep;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.parquet.DataStats;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.ScanFiles;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.write.LiveFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a version of a table against its files. Every file it references must exist with its recorded size;
 * with {@code deep}, each file's rows are read and its recorded row count and null counts must match them,
 * and its recorded minimum and maximum must bound them (the statistics readers skip files by: a wrong bound
 * makes a filtered read miss rows). Where the version was read from a checkpoint and every commit up to it is
 * still in the log, the files the checkpoint gives must be those the commits give.
 */
public final class Verification {
  /** One disagreement: the file (or the log) it is about, what was checked, what is wrong. */
  public record Problem(String file, String check, String detail) {}

  /** The outcome: the version checked, how many files, and every problem found. */
  public record Report(long version, int files, boolean deep, boolean checkpointChecked, List<Problem> problems) {}

  private Verification() {}

  public static Report run(Location table, Long version, boolean deep, Consumer<String> progress) {
    Snapshot snapshot = version == null ? Versions.latest(table) : Versions.at(table, version);
    Engine engine = Kernel.engine();
    Scan scan = snapshot.getScanBuilder().build();
    List<Row> files = ScanFiles.inAddedOrder(scan);
    StructType physical = dataColumns(snapshot);
    List<Problem> problems = new ArrayList<>();
    int done = 0;
    for (Row file : files) {
      FileStatus status = KernelInternals.fileStatus(file);
      Location location = Location.of(status.getPath());
      String name = table.relativize(location);
      Optional<Storage.Entry> found = Storage.stat(location);
      if (found.isEmpty()) {
        problems.add(new Problem(name, "exists", "missing: the log references it, the store has no such file"));
      } else if (found.get().size() != status.getSize()) {
        problems.add(new Problem(name, "size", "is " + found.get().size() + " bytes, the log records "
            + status.getSize()));
      } else if (deep) {
        checkStatistics(engine, status, name, KernelInternals.stats(file), physical, problems);
      }
      if (++done % 100 == 0) {
        progress.accept("checked " + done + "/" + files.size() + " files");
      }
    }
    boolean checkpointChecked = checkCheckpoint(table, snapshot, problems);
    return new Report(snapshot.getVersion(), files.size(), deep, checkpointChecked, problems);
  }

  /** The top-level columns data files hold (not partition columns), by their physical names. */
  private static StructType dataColumns(Snapshot snapshot) {
    StructType logical = snapshot.getSchema();
    StructType physical = KernelInternals.physicalSchema(KernelInternals.writeState(snapshot, logical));
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < logical.length(); i++) {
      if (!snapshot.getPartitionColumnNames().contains(logical.at(i).getName())) {
        fields.add(physical.at(i));
      }
    }
    return new StructType(fields);
  }

  private static void checkStatistics(Engine engine, FileStatus file, String name, String json, StructType physical,
      List<Problem> problems) {
    if (json == null) {
      return; // no statistics to be wrong: readers read such a file whatever the filter
    }
    Optional<DataFileStatistics> recorded = DataFileStatistics.deserializeFromJson(json, physical);
    if (recorded.isEmpty()) {
      return;
    }
    Map<String, DataStats> actual = new LinkedHashMap<>();
    physical.fields().stream().filter(f -> !(f.getDataType() instanceof StructType))
        .forEach(f -> actual.put(f.getName(), new DataStats(f.getDataType())));
    long rows = 0;
    StructType read = new StructType(physical.fields().stream().filter(f -> actual.containsKey(f.getName())).toList());
    try (CloseableIterator<ColumnarBatch> batches = engine.getParquetHandler()
        .readParquetFiles(Iterators.of(List.of(file)), read, Optional.empty()).map(r -> r.getData())) {
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        rows += batch.getSize();
        for (int c = 0; c < read.length(); c++) {
          actual.get(read.at(c).getName()).add(batch.getColumnVector(c), batch.getSize());
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem(name, "readable", "cannot be read: " + e.getMessage()));
      return;
    }
    DataFileStatistics stats = recorded.get();
    if (stats.getNumRecords() != rows) {
      problems.add(new Problem(name, "numRecords", "holds " + rows + " rows, the log records " + stats.getNumRecords()));
    }
    actual.forEach((column, values) -> {
      Column key = new Column(column);
      Long nulls = stats.getNullCount().get(key);
      if (nulls != null && nulls != values.nullCount()) {
        problems.add(new Problem(name, "nullCount." + column, "holds " + values.nullCount() + " nulls, the log records "
            + nulls));
      }
      Literal min = stats.getMinValues().get(key);
      if (min != null && !values.isLowerBound(min)) {
        problems.add(new Problem(name, "minValues." + column, "recorded minimum " + min + " is above the data's "
            + values.min().map(Literal::toString).orElse("?") + ": a filtered read would skip rows it needs"));
      }
      Literal max = stats.getMaxValues().get(key);
      if (max != null && !values.isUpperBound(max)) {
        problems.add(new Problem(name, "maxValues." + column, "recorded maximum " + max + " is below the data's "
            + values.max().map(Literal::toString).orElse("?") + ": a filtered read would skip rows it needs"));
      }
    });
  }

  /**
   * Where the version came from a checkpoint and the log still has every commit from 0 up to the version, the
   * files those commits leave live (version 0 replayed forward) must be the files Kernel read from the
   * checkpoint; returns whether it checked.
   */
  private static boolean checkCheckpoint(Location table, Snapshot snapshot, List<Problem> problems) {
    TreeMap<Long, Storage.Entry> commits = LogFiles.commits(table);
    long version = snapshot.getVersion();
    boolean checkpointed = Storage.list(LogFiles.log(table)).stream()
        .anyMatch(e -> e.name().contains(".checkpoint") && e.name().endsWith(".parquet")
            && Long.parseLong(e.name().substring(0, 20)) <= version);
    if (!checkpointed || commits.isEmpty() || commits.firstKey() != 0
        || commits.headMap(version, true).size() != version + 1) {
      return false;
    }
    Set<Location> checkpoint = LiveFiles.of(table, snapshot).locations();
    LiveFiles replay = LiveFiles.of(table, Versions.at(table, 0));
    replay.advance(snapshot);
    Set<Location> replayed = replay.locations();
    for (Location file : replayed) {
      if (!checkpoint.contains(file)) {
        problems.add(new Problem(table.relativize(file), "checkpoint", "live by the commits, missing from version "
            + version + " as read from its checkpoint"));
      }
    }
    for (Location file : checkpoint) {
      if (!replayed.contains(file)) {
        problems.add(new Problem(table.relativize(file), "checkpoint", "live in version " + version
            + " as read from its checkpoint, removed or never added by the commits"));
      }
    }
    return true;
  }
}
