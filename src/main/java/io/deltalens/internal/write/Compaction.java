package io.deltalens.internal.write;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.AppendMode;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.engine.Prefetch;
import io.deltalens.internal.expr.Filters;
import io.deltalens.internal.frame.Words;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.read.ScanFiles;
import io.deltalens.internal.read.Scans;
import io.deltalens.internal.read.Stats;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Compaction, an OPTIMIZE as Spark records it: the small files of each partition (and every file with a
 * deletion vector, whose deleted rows it drops) are bin-packed, in the order they were added, into new files
 * near a target size; one commit removes the old files and adds the new, all marked as no data change, with
 * the metrics Spark writes. Rows keep their order within and across a bin's files. The commit is not a blind
 * append, so Kernel fails it when a concurrent commit removed one of its files (another compaction, a delete)
 * and the new files are deleted; concurrent appends do not touch its files and it commits after them.
 */
public final class Compaction {
  /** A file the compaction may rewrite: its path, size, rows by its statistics, rows its deletion vector drops (-1: none). */
  public record Source(String path, long size, long rows, long deletedRows, Row scanFile) {}

  /** Files of one partition (written as {@code k=v/...}, empty without partitions) rewritten together. */
  public record Bin(String partition, List<Source> files) {
    public long bytes() {
      return files.stream().mapToLong(Source::size).sum();
    }

    /** Rows the bin holds once deleted rows are dropped. */
    public long liveRows() {
      return files.stream().mapToLong(f -> f.rows() - Math.max(f.deletedRows(), 0)).sum();
    }
  }

  /** What a compaction will do: the bins it rewrites out of the {@code considered} files of the snapshot. */
  public record Plan(Location table, Snapshot snapshot, Row scanState, String where, long targetSize, int considered,
      List<Bin> bins) {}

  /** What a compaction did: the version it committed (-1: nothing to do), files and bytes in and out. */
  public record Result(long version, int filesRemoved, int filesAdded, long bytesRemoved, long bytesAdded,
      long rows, int partitions) {}

  /** A bin's new files (their add actions) and the rows written into them. */
  private record Written(List<Row> adds, long rows) {}

  private Compaction() {}

  /**
   * The bins of {@code table}'s latest version: in the partitions {@code where} selects (a predicate on
   * partition columns only, as Spark's OPTIMIZE WHERE; null for all), files under {@code targetSize} bytes or
   * with deleted rows, packed up to the target; a bin of fewer than {@code minFiles} files is left alone
   * unless it drops deleted rows.
   */
  public static Plan plan(Location table, String where, long targetSize, int minFiles) {
    if (targetSize <= 0) {
      throw new DeltaLensException("the target size must be positive, got " + targetSize);
    }
    Snapshot snapshot = Versions.latest(table);
    ScanBuilder builder = snapshot.getScanBuilder();
    if (where != null && !where.isBlank()) {
      builder = builder.withFilter(partitionFilter(snapshot, where));
    }
    Scan scan = builder.build();
    Map<String, List<Source>> byPartition = new LinkedHashMap<>();
    List<Row> files = ScanFiles.inAddedOrder(scan);
    for (Row file : files) {
      long size = KernelInternals.fileStatus(file).getSize();
      long deleted = KernelInternals.deletedRows(file);
      if (size < targetSize || deleted >= 0) {
        byPartition.computeIfAbsent(partitionName(file), p -> new ArrayList<>()).add(new Source(
            KernelInternals.fileStatus(file).getPath(), size, statsRows(file), deleted, file));
      }
    }
    List<Bin> bins = new ArrayList<>();
    byPartition.forEach((partition, sources) -> {
      for (List<Source> packed : pack(sources, targetSize)) {
        boolean dropsRows = packed.stream().anyMatch(s -> s.deletedRows() > 0);
        if (packed.size() >= Math.max(minFiles, 2) || dropsRows) {
          bins.add(new Bin(partition, packed));
        }
      }
    });
    return new Plan(table, snapshot, scan.getScanState(Kernel.engine()), where, targetSize, files.size(), bins);
  }

  /** The file's row count by its statistics, -1 where the writer kept none. */
  private static long statsRows(Row scanFile) {
    String stats = KernelInternals.stats(scanFile);
    return stats == null || !stats.contains("numRecords") ? -1 : Stats.numRecords(stats);
  }

  /** Consecutive files, each bin filled up to the target (a file alone may pass it). */
  private static List<List<Source>> pack(List<Source> sources, long targetSize) {
    List<List<Source>> bins = new ArrayList<>();
    List<Source> bin = new ArrayList<>();
    long bytes = 0;
    for (Source source : sources) {
      if (!bin.isEmpty() && bytes + source.size() > targetSize) {
        bins.add(bin);
        bin = new ArrayList<>();
        bytes = 0;
      }
      bin.add(source);
      bytes += source.size();
    }
    if (!bin.isEmpty()) {
      bins.add(bin);
    }
    return bins;
  }

  private static Predicate partitionFilter(Snapshot snapshot, String where) {
    Predicate filter = Filters.parse(where, snapshot.getSchema());
    List<String> partitions = snapshot.getPartitionColumnNames();
    for (var column : Filters.columns(filter)) {
      String name = column.getNames()[0];
      if (!partitions.contains(name)) {
        throw new DeltaLensException("compact --where may name partition columns only (as Spark's OPTIMIZE WHERE):"
            + " '" + name + "' is not one" + (partitions.isEmpty() ? "; the table has no partitions"
                : " (partition columns: " + String.join(", ", partitions) + ")"));
      }
    }
    return filter;
  }

  private static String partitionName(Row scanFile) {
    return new TreeMap<>(KernelInternals.partitionValues(scanFile)).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("/"));
  }

  /** Rewrites the plan's bins in one commit; a plan without bins commits nothing. */
  public static Result commit(Plan plan, Consumer<String> progress) {
    if (plan.bins().isEmpty()) {
      return new Result(-1, 0, 0, 0, 0, 0, 0);
    }
    Location table = plan.table();
    Snapshot snapshot = plan.snapshot();
    requireCompactable(snapshot, table);
    Engine engine = Kernel.engine();
    RowRules rules = RowRules.of(snapshot.getTableProperties(), snapshot.getSchema(), table);
    Row state = Transactions.writeState(snapshot, snapshot.getSchema());
    CopyMode writer = new CopyMode(engine, table, state, snapshot.getSchema(), snapshot.getPartitionColumnNames(),
        rules, progress);
    List<Row> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    long rows = 0;
    long bytesAdded = 0;
    try {
      AtomicInteger done = new AtomicInteger();
      // bins in parallel, a core each (Spark's OPTIMIZE too): reading many small files is per-file work
      List<Written> written = Background.map(plan.bins(), Runtime.getRuntime().availableProcessors(), bin -> {
        List<Row> adds = new ArrayList<>();
        long binRows;
        try {
          binRows = writer.rewrite(KernelInternals.partitionLiterals(snapshot, bin.files().get(0).scanFile()),
              rowsOf(engine, plan.scanState(), bin), plan.targetSize(), adds);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        requireAllRows(bin, binRows);
        progress.accept("compacted " + done.incrementAndGet() + "/" + plan.bins().size() + " bins"
            + (bin.partition().isEmpty() ? "" : " (" + bin.partition() + ")"));
        return new Written(adds, binRows);
      });
      for (int b = 0; b < plan.bins().size(); b++) {
        Bin bin = plan.bins().get(b);
        rows += written.get(b).rows();
        bin.files().forEach(f -> actions.add(KernelInternals.rewriteRemove(f.scanFile(), now)));
        for (Row add : written.get(b).adds()) {
          actions.add(KernelInternals.rewriteAdd(add));
          bytesAdded += addSize(add);
        }
      }
      int removed = plan.bins().stream().mapToInt(b -> b.files().size()).sum();
      int partitions = (int) plan.bins().stream().map(Bin::partition).distinct().count();
      Result result = new Result(-1, removed, actions.size() - removed, plan.bins().stream().mapToLong(Bin::bytes).sum(),
          bytesAdded, rows, partitions);
      TransactionCommitResult committed = KernelInternals.rewriteTransaction(snapshot, Kernel.ENGINE_INFO, "OPTIMIZE",
          parameters(plan), metrics(plan, result)).commit(engine, CloseableIterable.inMemoryIterable(Iterators.of(actions)));
      Checkpoints.runPostCommitHooks(table, committed.getVersion(), committed.getPostCommitHooks(), rules.isEmpty());
      return new Result(committed.getVersion(), result.filesRemoved(), result.filesAdded(), result.bytesRemoved(),
          bytesAdded, rows, partitions);
    } catch (ConcurrentWriteException e) {
      writer.deleteWritten();
      throw new DeltaLensException("compaction of " + table + " lost to a concurrent commit that changed the same"
          + " files or the table's metadata (" + e.getMessage() + "); nothing was committed, run it again", e);
    } catch (RuntimeException | Error e) {
      int left = writer.deleteWritten();
      String leftOver = left == 0 ? "" : "; " + Words.count(left, "data file") + " written before the failure"
          + " could not be removed (no commit names them)";
      if (e instanceof DeltaLensException d) {
        throw new DeltaLensException(d.getMessage() + leftOver, d);
      }
      throw new DeltaLensException("compaction of " + table + " failed, nothing was committed: " + e.getMessage()
          + leftOver, e);
    }
  }

  /**
   * Row tracking gives each row an id kept across rewrites, which Kernel cannot carry into new files (it would
   * number the rows afresh); features Kernel cannot write are refused as for an append.
   */
  private static void requireCompactable(Snapshot snapshot, Location table) {
    AppendChecks.requireAppendable(snapshot, table, AppendMode.COPY);
    if (KernelInternals.protocol(snapshot).writerFeatures().contains("rowTracking")) {
      throw new DeltaLensException("cannot compact " + table + ": it tracks row ids (table feature rowTracking),"
          + " which a rewrite must carry over and deltalens does not; the table is unchanged");
    }
    try {
      Transactions.requireWritable(snapshot);
    } catch (KernelException e) {
      throw new DeltaLensException("cannot compact " + table + ": " + e.getMessage() + " The table is unchanged.", e);
    }
  }

  /**
   * A bin's rows, file after file, read ahead on a thread of their own while the bin's files are written
   * (one hand-over for the bin, not one per small file).
   */
  private static CloseableIterator<FilteredColumnarBatch> rowsOf(Engine engine, Row scanState, Bin bin) {
    return Prefetch.ahead(Iterators.flatten(Iterators.of(bin.files()),
        file -> Scans.rows(engine, scanState, file.scanFile(), false)));
  }

  /** The rows written must be the rows the bin holds (where its files' statistics count them). */
  private static void requireAllRows(Bin bin, long written) {
    boolean counted = bin.files().stream().allMatch(f -> f.rows() >= 0);
    if (counted && written != bin.liveRows()) {
      throw new DeltaLensException("compacting " + bin.files().size() + " files" + (bin.partition().isEmpty() ? ""
          : " of " + bin.partition()) + " wrote " + written + " rows where their statistics count " + bin.liveRows()
          + "; the table is unchanged (deltalens verify --deep finds the file whose statistics are wrong)");
    }
  }

  private static long addSize(Row addAction) {
    Row add = addAction.getStruct(addAction.getSchema().indexOf("add"));
    return add.getLong(add.getSchema().indexOf("size"));
  }

  /** Spark's OPTIMIZE parameters. */
  private static Map<String, String> parameters(Plan plan) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("predicate", plan.where() == null || plan.where().isBlank() ? "[]"
        : "[\"" + plan.where().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
    parameters.put("zOrderBy", "[]");
    parameters.put("clusterBy", "[]");
    parameters.put("auto", "false");
    return parameters;
  }

  /** Spark's OPTIMIZE metrics that apply to a bin-packing compaction. */
  private static Map<String, String> metrics(Plan plan, Result result) {
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", String.valueOf(result.filesRemoved()));
    metrics.put("numAddedFiles", String.valueOf(result.filesAdded()));
    metrics.put("numRemovedBytes", String.valueOf(result.bytesRemoved()));
    metrics.put("numAddedBytes", String.valueOf(result.bytesAdded()));
    metrics.put("numPartitionsOptimized", String.valueOf(result.partitions()));
    metrics.put("numBins", String.valueOf(plan.bins().size()));
    metrics.put("totalConsideredFiles", String.valueOf(plan.considered()));
    metrics.put("totalFilesSkipped", String.valueOf(plan.considered() - result.filesRemoved()));
    metrics.put("numDeletionVectorsRemoved", String.valueOf(plan.bins().stream().flatMap(b -> b.files().stream())
        .filter(f -> f.deletedRows() >= 0).count()));
    return metrics;
  }
}
