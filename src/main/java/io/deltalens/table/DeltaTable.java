package io.deltalens.table;

import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import io.deltalens.read.TableRead;
import io.deltalens.read.Versions;
import io.deltalens.views.CheckpointFiles;
import io.deltalens.views.CommitView;
import io.deltalens.views.Describe;
import io.deltalens.views.Diff;
import io.deltalens.views.FileList;
import io.deltalens.views.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A handle on a local Delta table. It holds only the path: every call sees the table's latest version,
 * so a handle kept in a jshell session stays current while other writers append.
 */
public final class DeltaTable {
  private final Path dir;

  DeltaTable(Path dir) {
    this.dir = dir;
  }

  /** Opens an existing table; a directory without a Delta log is an error naming it. */
  public static DeltaTable open(Path dir) {
    DeltaTable table = new DeltaTable(normalize(dir));
    table.snapshot(); // fail now, with the path, rather than at first use
    return table;
  }

  /** Whether {@code dir} holds a Delta table (a {@code _delta_log} with at least one commit). */
  public static boolean exists(Path dir) {
    Path log = normalize(dir).resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return false;
    }
    try (var files = Files.list(log)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("\\d{20}\\.(json|checkpoint.*)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The absolute form of a table path. A URI such as {@code s3://bucket/t} arrives here as the relative
   * path {@code s3:/bucket/t}: it is refused by name rather than made into a local folder "s3:".
   */
  static Path normalize(Path dir) {
    if (!dir.isAbsolute() && dir.getNameCount() > 0
        && dir.getName(0).toString().matches("[A-Za-z][A-Za-z0-9+.-]*:")) {
      String scheme = dir.getName(0).toString().replace(":", "");
      if (!scheme.equalsIgnoreCase("file")) {
        throw new DeltaLensException(dir.toString().replaceFirst(":/", "://") + ": deltalens serves tables on"
            + " the local file system only, not '" + scheme + "' URIs");
      }
      dir = Path.of("/").resolve(dir.subpath(1, dir.getNameCount()));
    }
    return dir.toAbsolutePath().normalize();
  }

  /** The table's directory. */
  public Path path() {
    return dir;
  }

  /** The latest snapshot. */
  public Snapshot snapshot() {
    return Versions.latest(dir);
  }

  /** The snapshot at {@code version}; a version that does not exist is an error naming the latest. */
  public Snapshot snapshot(long version) {
    return Versions.at(dir, version);
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

  public long version() {
    return snapshot().getVersion();
  }

  public StructType schema() {
    return snapshot().getSchema();
  }

  public List<String> partitionColumns() {
    return snapshot().getPartitionColumnNames();
  }

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

  /** Which files data skipping keeps for {@code filter}, and why the others are skipped. */
  public Table explain(String filter) {
    return FileList.explain(snapshot(), filter);
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

  /** Schema, properties, protocol, size and times of the latest version. */
  public Table describe() {
    return Describe.of(dir, snapshot());
  }

  /** What changed from version {@code from} to version {@code to}. */
  public Table diff(long from, long to) {
    return Diff.of(dir, from, to);
  }

  /** Starts an append: add files, choose the mode, then {@link Append#commit()}. */
  public Append newAppend() {
    return new Append(this);
  }

  /** Writes a checkpoint of the latest version (and points {@code _last_checkpoint} at it). */
  public long checkpoint() {
    return Checkpoints.write(dir, snapshot());
  }

  /** Writes a checkpoint of {@code version}. */
  public long checkpoint(long version) {
    return Checkpoints.write(dir, snapshot(version));
  }

  @Override
  public String toString() {
    return "DeltaTable(" + dir + ")";
  }
}
