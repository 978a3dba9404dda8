package io.deltalens.table;

import io.deltalens.engine.Kernel;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

  static Path normalize(Path dir) {
    return dir.toAbsolutePath().normalize();
  }

  /** The table's directory. */
  public Path path() {
    return dir;
  }

  /** The path as Kernel takes it: a plain absolute path, which Hadoop encodes itself. */
  String kernelPath() {
    return dir.toString();
  }

  /** The latest snapshot. */
  public Snapshot snapshot() {
    try {
      return TableManager.loadSnapshot(kernelPath()).build(Kernel.engine());
    } catch (TableNotFoundException e) {
      throw new DeltaLensException("not a Delta table: " + dir + " (no commits in _delta_log)", e);
    }
  }

  /** The snapshot at {@code version}; a version that does not exist is an error naming the range. */
  public Snapshot snapshot(long version) {
    Snapshot latest = snapshot();
    if (version < 0 || version > latest.getVersion()) {
      throw new DeltaLensException("version " + version + " does not exist in " + dir
          + ": the latest version is " + latest.getVersion());
    }
    try {
      return TableManager.loadSnapshot(kernelPath()).atVersion(version).build(Kernel.engine());
    } catch (RuntimeException e) {
      throw new DeltaLensException("cannot load version " + version + " of " + dir + ": "
          + e.getMessage(), e);
    }
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

  /** Starts an append: add files, choose the mode, then {@link Append#commit()}. */
  public Append newAppend() {
    return new Append(this);
  }

  /** Writes a checkpoint of the latest version (and points {@code _last_checkpoint} at it). */
  public long checkpoint() {
    return Checkpoints.write(this, snapshot());
  }

  /** Writes a checkpoint of {@code version}. */
  public long checkpoint(long version) {
    return Checkpoints.write(this, snapshot(version));
  }

  @Override
  public String toString() {
    return "DeltaTable(" + dir + ")";
  }
}
