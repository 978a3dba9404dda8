package io.deltalens;

import io.delta.kernel.Snapshot;
import io.deltalens.internal.read.Scans;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * A read of one version of a table into a Tablesaw table:
 * {@code table.read().version(3).columns("id", "name").where("amount > 10").limit(100).toTable()}.
 *
 * <p>The filter skips whole files by partition values and min/max statistics, then filters the rows of
 * the files left exactly. A limit stops reading as soon as enough rows are in.
 */
public final class TableRead {
  private final Location table;
  private Long version;
  private Instant timestamp;
  private List<String> columns;
  private String where;
  private int limit = Integer.MAX_VALUE;
  private Consumer<String> progress = line -> {};

  TableRead(Location table) {
    this.table = table;
  }

  /** Reads this version; one that does not exist is an error naming the latest. */
  public TableRead version(long version) {
    this.version = version;
    return this;
  }

  /** The version current at {@code time} (time travel, as Spark's TIMESTAMP AS OF). */
  public TableRead timestamp(Instant time) {
    this.timestamp = time;
    return this;
  }

  /** ISO-8601 instant ("2026-11-25T10:00:00Z"), with an offset, or a date (midnight UTC). */
  public TableRead timestamp(String iso) {
    return timestamp(Scans.parseInstant(iso));
  }

  /** Only these columns, in this order (names match case-insensitively). */
  public TableRead columns(String... names) {
    return columns(Arrays.asList(names));
  }

  public TableRead columns(List<String> names) {
    this.columns = names.isEmpty() ? null : names;
    return this;
  }

  /**
   * Only rows passing a filter such as {@code "amount > 10 and name in ('bob', 'carol')"}: comparisons,
   * {@code in}, {@code like}, {@code is [not] null}, {@code between}, combined with and, or, not.
   */
  public TableRead where(String filter) {
    this.where = filter == null || filter.isBlank() ? null : filter;
    return this;
  }

  /** Receives a line about once a second while a read of several files goes on (files and rows read). */
  public TableRead progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** At most this many rows. */
  public TableRead limit(int rows) {
    if (rows < 0) {
      throw new DeltaLensException("a limit must be >= 0");
    }
    this.limit = rows;
    return this;
  }

  /** The version this read resolves to (the latest, the one asked for, or the one current at the time). */
  public long resolvedVersion() {
    return snapshot().getVersion();
  }

  /** Reads the rows into a Tablesaw table named after the table and version. */
  public Table toTable() {
    return scan().toTable();
  }

  /**
   * Reads the rows in frames of about {@code rows} rows each (a batch is never split, so a frame may
   * hold one batch more), handed to {@code chunk} as they fill: a read of any size in a heap that holds
   * one frame (the command line prints CSV and JSON this way). An empty read gives one empty frame.
   */
  public void forEachChunk(int rows, Consumer<Table> chunk) {
    if (rows < 1) {
      throw new DeltaLensException("a chunk holds at least one row");
    }
    scan().forEachChunk(rows, chunk);
  }

  private Scans scan() {
    return new Scans(table, snapshot(), columns, where, limit, progress);
  }

  private Snapshot snapshot() {
    if (version != null && timestamp != null) {
      throw new DeltaLensException("read either a version or a timestamp, not both");
    }
    if (timestamp != null) {
      return Versions.asOf(table, timestamp);
    }
    return version == null ? Versions.latest(table) : Versions.at(table, version);
  }
}
