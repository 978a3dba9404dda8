package io.deltalens;

import io.deltalens.internal.frame.Words;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.Compaction;
import java.util.function.Consumer;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A compaction of a table's small files, built fluently: {@code table.compact().where("day = '2026-12-01'")
 * .targetSize(128L << 20).commit()}; {@link #plan()} shows what it would do without doing it.
 *
 * <p>Per partition, files under the target size (and every file with deleted rows, which it drops) are packed,
 * in the order they were added, into new files near the target; one commit, recorded as OPTIMIZE with no data
 * change, swaps them. Readers of any version see the same rows; appends may run at the same time.
 */
public final class Compact {
  /** 128 MiB, Kernel's and Spark's target file size for appends. */
  public static final long DEFAULT_TARGET_SIZE = 128L << 20;

  private final Location table;
  private String where;
  private long targetSize = DEFAULT_TARGET_SIZE;
  private int minFiles = 2;
  private Consumer<String> progress = message -> {};

  Compact(Location table) {
    this.table = table;
  }

  /** Only the partitions this predicate on partition columns selects (as Spark's OPTIMIZE WHERE). */
  public Compact where(String partitionFilter) {
    this.where = partitionFilter;
    return this;
  }

  /** The size new files aim at, in bytes; smaller files are packed together up to it. */
  public Compact targetSize(long bytes) {
    this.targetSize = bytes;
    return this;
  }

  /** Leave a bin of fewer files alone (default 2: a single file is not rewritten unless it has deleted rows). */
  public Compact minFiles(int files) {
    this.minFiles = files;
    return this;
  }

  /** Hears about each bin written. */
  public Compact progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** What {@link #commit()} would rewrite: one row per bin (partition, files, bytes, rows, deleted rows). */
  public Table plan() {
    Compaction.Plan plan = Compaction.plan(table, where, targetSize, minFiles);
    StringColumn partition = StringColumn.create("partition");
    IntColumn files = IntColumn.create("files");
    LongColumn bytes = LongColumn.create("bytes");
    LongColumn rows = LongColumn.create("rows");
    LongColumn deleted = LongColumn.create("deletedRows");
    for (Compaction.Bin bin : plan.bins()) {
      partition.append(bin.partition().isEmpty() ? "(whole table)" : bin.partition());
      files.append(bin.files().size());
      bytes.append(bin.bytes());
      rows.append(bin.liveRows());
      deleted.append(bin.files().stream().mapToLong(f -> Math.max(f.deletedRows(), 0)).sum());
    }
    return Table.create("compaction plan of " + table.name() + "@v" + plan.snapshot().getVersion() + ": "
        + Words.count(plan.bins().size(), "bin") + " of " + Words.count(plan.considered(), "file")
        + ", target " + Words.bytes(targetSize), partition, files, bytes, rows, deleted);
  }

  /** Rewrites the bins in one commit; with nothing to compact, commits nothing. */
  public CompactResult commit() {
    Compaction.Result r = Compaction.commit(Compaction.plan(table, where, targetSize, minFiles), progress);
    return new CompactResult(r.version(), r.version() >= 0, r.filesRemoved(), r.filesAdded(), r.bytesRemoved(),
        r.bytesAdded(), r.rows(), r.partitions());
  }
}
