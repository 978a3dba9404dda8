package io.deltalens.read;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.deltalens.DeltaLensException;
import io.deltalens.engine.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Snapshots of a table by version or by time, with errors that name what exists. */
public final class Versions {
  private Versions() {}

  public static Snapshot latest(Path table) {
    try {
      return TableManager.loadSnapshot(table.toString()).build(Kernel.engine());
    } catch (TableNotFoundException e) {
      throw new DeltaLensException("not a Delta table: " + table + " (no commits in _delta_log)", e);
    }
  }

  /** The snapshot at {@code version}; a version beyond the latest names the latest. */
  public static Snapshot at(Path table, long version) {
    if (version >= 0) {
      try {
        return TableManager.loadSnapshot(table.toString()).atVersion(version).build(Kernel.engine());
      } catch (KernelException e) {
        throw failure(table, version, e);
      }
    }
    throw failure(table, version, null);
  }

  /** Why {@code version} cannot be loaded: beyond the latest, or a commit missing (or Kernel's reason). */
  private static DeltaLensException failure(Path table, long version, KernelException cause) {
    long latest = latest(table).getVersion();
    if (version < 0 || version > latest) {
      return new DeltaLensException("version " + version + " does not exist in " + table
          + ": the latest version is " + latest);
    }
    return new DeltaLensException("cannot load version " + version + " of " + table + ": "
        + missingCommit(table, version) + cause.getMessage(), cause);
  }

  /** The version current at {@code time}, as Spark's {@code TIMESTAMP AS OF} picks it. */
  public static Snapshot asOf(Path table, Instant time) {
    Snapshot latest = latest(table);
    try {
      return TableManager.loadSnapshot(table.toString())
          .atTimestamp(time.toEpochMilli(), latest)
          .build(Kernel.engine());
    } catch (KernelException e) {
      throw new DeltaLensException(e.getMessage(), e);
    }
  }

  /** "commit file ... is gone" when the commit JSON of {@code version} was cleaned up. */
  private static String missingCommit(Path table, long version) {
    Path commit = table.resolve("_delta_log").resolve(String.format("%020d.json", version));
    return Files.exists(commit) ? "" : "its commit file " + commit.getFileName()
        + " is gone (log cleanup or vacuum); ";
  }
}
