package io.deltalens.internal.read;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.time.Instant;

/** Snapshots of a table by version or by time, with errors that name what exists. */
public final class Versions {
  private Versions() {}

  /** Whether {@code dir} holds a Delta table: a commit or checkpoint in its log. */
  public static boolean exists(Location dir) {
    return Storage.list(dir.resolve("_delta_log")).stream()
        .anyMatch(f -> f.name().matches("\\d{20}\\.(json|checkpoint.*)"));
  }

  public static Snapshot latest(Location table) {
    try {
      return TableManager.loadSnapshot(table.uri()).build(Kernel.engine());
    } catch (TableNotFoundException e) {
      throw new DeltaLensException("not a Delta table: " + table + " (no commits in _delta_log)", e);
    }
  }

  /** The snapshot at {@code version}; a version beyond the latest names the latest. */
  public static Snapshot at(Location table, long version) {
    if (version >= 0) {
      try {
        return TableManager.loadSnapshot(table.uri()).atVersion(version).build(Kernel.engine());
      } catch (KernelException e) {
        throw failure(table, version, e);
      }
    }
    throw failure(table, version, null);
  }

  /** Why {@code version} cannot be loaded: beyond the latest, or a commit missing (or Kernel's reason). */
  private static DeltaLensException failure(Location table, long version, KernelException cause) {
    long latest = latest(table).getVersion();
    if (version < 0 || version > latest) {
      return new DeltaLensException("version " + version + " does not exist in " + table
          + ": the latest version is " + latest);
    }
    return new DeltaLensException("cannot load version " + version + " of " + table + ": "
        + missingCommit(table, version) + cause.getMessage(), cause);
  }

  /**
   * When {@code version} was committed (see {@link LogFiles#commitTime}). Not Kernel's snapshot time,
   * which at a version with a checkpoint is the checkpoint file's time, written after the commit.
   */
  public static Instant commitTime(Location table, long version) {
    var commit = Storage.stat(LogFiles.commit(table, version));
    if (commit.isEmpty()) { // cleaned up after a checkpoint: Kernel's time is all there is
      return Instant.ofEpochMilli(at(table, version).getTimestamp(Kernel.engine()));
    }
    return LogFiles.commitTime(LogFiles.actions(table, version), commit.get());
  }

  /** The version current at {@code time}, as Spark's {@code TIMESTAMP AS OF} picks it. */
  public static Snapshot asOf(Location table, Instant time) {
    Snapshot latest = latest(table);
    Instant latestTime = Instant.ofEpochMilli(latest.getTimestamp(Kernel.engine()));
    if (!time.isBefore(latestTime)) {
      return latest; // the latest version is current at any later time, as delta-rs reads it
    }
    try {
      return TableManager.loadSnapshot(table.uri())
          .atTimestamp(time.toEpochMilli(), latest)
          .build(Kernel.engine());
    } catch (KernelException e) {
      throw new DeltaLensException("no version of " + table + " existed at " + time + ": the first"
          + firstCommit(table) + ", the latest (version " + latest.getVersion() + ") at " + latestTime, e);
    }
  }

  /** " commit (version v) was at t" for the oldest commit the log still has. */
  private static String firstCommit(Location table) {
    var commits = LogFiles.commits(table);
    if (commits.isEmpty()) {
      return " commit the log holds is unknown";
    }
    long first = commits.firstKey();
    Snapshot snapshot = TableManager.loadSnapshot(table.uri()).atVersion(first).build(Kernel.engine());
    return " commit (version " + first + ") was at " + Instant.ofEpochMilli(snapshot.getTimestamp(Kernel.engine()));
  }

  /**
   * Fails, naming the file and line, when the commit of {@code version} does not parse. A writer checks
   * the commit it builds on: Kernel takes a version's schema and protocol from its checksum file and
   * never reads the commit itself, so an append would otherwise go on top of a commit no reader can read.
   */
  public static void requireReadable(Location table, long version) {
    if (Storage.exists(LogFiles.commit(table, version))) {
      LogFiles.actions(table, version);
    }
  }

  /** "commit file ... is gone" when the commit JSON of {@code version} was cleaned up. */
  private static String missingCommit(Location table, long version) {
    Location commit = LogFiles.commit(table, version);
    return Storage.exists(commit) ? "" : "its commit file " + commit.name()
        + " is gone (log cleanup or vacuum); ";
  }
}
