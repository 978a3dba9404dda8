package io.deltalens;

import io.delta.kernel.Snapshot;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.views.CheckpointFiles;
import io.deltalens.internal.views.CommitView;
import io.deltalens.internal.views.Describe;
import io.deltalens.internal.views.Diff;
import io.deltalens.internal.views.FileList;
import io.deltalens.internal.views.History;
import io.deltalens.internal.write.Checkpoints;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A handle on a Delta table. It holds only the path: every call without a version sees the latest one,
 * so a handle kept in a jshell session stays current while other writers append.
 */
public final class DeltaTable {
  private final Location dir;

  DeltaTable(Location dir) {
    this.dir = dir;
  }

  /** Opens an existing table; a location without a Delta log is an error naming it. */
  static DeltaTable open(Location dir) {
    DeltaTable table = new DeltaTable(dir);
    table.snapshot(); // fail now, with the location, rather than at first use
    return table;
  }

  /** Whether {@code dir} holds a Delta table (a {@code _delta_log} with at least one commit). */
  static boolean exists(Location dir) {
    return Versions.exists(dir);
  }

  /** Where the table lives: its local folder, or its {@code s3://} URI. */
  public String location() {
    return dir.toString();
  }

  /** The table's local folder; a table on an object store has none (see {@link #location()}). */
  public Path path() {
    return dir.local().orElseThrow(() -> new DeltaLensException(dir + " is not a local folder"));
  }

  /** Starts a read of this table: pick a version or time, columns, a filter, a limit. */
  public TableRead read() {
    return new TableRead(dir);
  }

  /** The latest version as a Tablesaw table. */
  public Table toTable() {
    return read().toTable();
  }

  /** Version {@code version} as a Tablesaw table. */
  public Table toTable(long version) {
    return read().version(version).toTable();
  }

  /** The latest version's number. */
  public long version() {
    return snapshot().getVersion();
  }

  /** The version current at {@code time}: the last one committed at or before it. */
  public long versionAt(Instant time) {
    return read().timestamp(time).resolvedVersion();
  }

  /** The version current at an ISO-8601 time ("2026-11-25T10:00:00Z", with an offset, or a date). */
  public long versionAt(String iso) {
    return read().timestamp(iso).resolvedVersion();
  }

  /** When {@code version} was committed: its in-commit timestamp, or its commit file's time. */
  public Instant commitTime(long version) {
    snapshot(version); // a version that does not exist is an error naming the latest
    return Versions.commitTime(dir, version);
  }

  /** The latest version's columns. */
  public TableSchema schema() {
    return TableSchema.of(snapshot().getSchema());
  }

  /** The columns of {@code version}. */
  public TableSchema schema(long version) {
    return TableSchema.of(snapshot(version).getSchema());
  }

  public List<String> partitionColumns() {
    return snapshot().getPartitionColumnNames();
  }

  /** The table's properties ({@code delta.*} and the user's) at the latest version. */
  public Map<String, String> properties() {
    return snapshot().getTableProperties();
  }

  /** One row per version: time, operation, files and rows added (as Spark's DESCRIBE HISTORY). */
  public Table history() {
    return History.of(dir);
  }

  /** The live files of the latest version with their statistics. */
  public Table files() {
    return FileList.of(snapshot());
  }

  /** The live files of {@code version} with their statistics. */
  public Table files(long version) {
    return FileList.of(snapshot(version));
  }

  /** The live files a read with {@code filter} would open: those data skipping keeps. */
  public Table files(String filter) {
    return FileList.kept(snapshot(), filter);
  }

  /** The files of {@code version} a read with {@code filter} would open. */
  public Table files(long version, String filter) {
    return FileList.kept(snapshot(version), filter);
  }

  /** Every live file, and whether data skipping keeps it for {@code filter} or why it skips it. */
  public Table explain(String filter) {
    return FileList.explain(snapshot(), filter);
  }

  /** {@link #explain(String)} at {@code version}. */
  public Table explain(long version, String filter) {
    return FileList.explain(snapshot(version), filter);
  }

  /** The raw actions of commit {@code version}. */
  public Table commit(long version) {
    return CommitView.of(dir, version);
  }

  /** The table's checkpoints: version, kind, files, size, actions. */
  public Table checkpoints() {
    return CheckpointFiles.listing(dir);
  }

  /** The newest checkpoint's actions, struct fields spread over columns. */
  public Table showCheckpoint() {
    return CheckpointFiles.load(dir, null);
  }

  /** The actions of the checkpoint at {@code version}. */
  public Table showCheckpoint(long version) {
    return CheckpointFiles.load(dir, version);
  }

  /** The newest checkpoint's actions grouped by kind (add, remove, metaData, protocol, txn, ...). */
  public CheckpointActions checkpointActions() {
    return grouped(CheckpointFiles.load(dir, null));
  }

  /** The actions of the checkpoint at {@code version}, grouped by kind. */
  public CheckpointActions checkpointActions(long version) {
    return grouped(CheckpointFiles.load(dir, version));
  }

  private static CheckpointActions grouped(Table actions) {
    return new CheckpointActions(actions.name(), CheckpointFiles.byKind(actions));
  }

  /** Schema, properties, protocol, size and times of the latest version. */
  public Table describe() {
    return Describe.of(dir, snapshot());
  }

  /** Schema, properties, protocol, size and times of {@code version}. */
  public Table describe(long version) {
    return Describe.of(dir, snapshot(version));
  }

  /** What changed from version {@code from} to version {@code to}. */
  public Table diff(long from, long to) {
    return Diff.of(dir, from, to);
  }

  /** Starts an append: add files, choose the mode, then {@link Append#commit()}. */
  public Append newAppend() {
    return new Append(dir);
  }

  /** Starts a compaction of small files: choose partitions and a target size, then {@link Compact#commit()}. */
  public Compact compact() {
    return new Compact(dir);
  }

  /** Starts a check of the latest version (or one chosen) against its files; see {@link Verify}. */
  public Verify verify() {
    return new Verify(dir);
  }

  /** Starts a vacuum of files no version in the retention window needs; see {@link Vacuum}. */
  public Vacuum vacuum() {
    return new Vacuum(dir);
  }

  /** Writes a checkpoint of the latest version (and points {@code _last_checkpoint} at it). */
  public long checkpoint() {
    return Checkpoints.write(dir, snapshot());
  }

  /** Writes a checkpoint of {@code version}. */
  public long checkpoint(long version) {
    return Checkpoints.write(dir, snapshot(version));
  }

  private Snapshot snapshot() {
    return Versions.latest(dir);
  }

  /** A version that does not exist is an error naming the latest. */
  private Snapshot snapshot(long version) {
    return Versions.at(dir, version);
  }

  @Override
  public String toString() {
    return "DeltaTable(" + dir + ")";
  }
}
