package io.deltalens;

import io.deltalens.internal.frame.Words;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.upkeep.UnreferencedFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Deletes data files no version inside the retention window needs, as Spark's VACUUM:
 * {@code table.vacuum().retain(Duration.ofDays(7)).run()}; {@link #plan()} lists them without deleting. The
 * latest version, versions committed inside the window, files written inside it (in-flight appends) and the
 * log are never touched. A retention under the table's {@code delta.deletedFileRetentionDuration} (a week
 * by default) is refused unless {@link #force()}.
 */
public final class Vacuum {
  private final Location table;
  private Duration retention;
  private boolean force;
  private Consumer<String> progress = message -> {};

  Vacuum(Location table) {
    this.table = table;
  }

  /** Keep what versions of the last {@code retention} need (default: the table's retention, a week). */
  public Vacuum retain(Duration retention) {
    this.retention = retention;
    return this;
  }

  /** Allow a retention under the table's: versions older than it can then no longer be read. */
  public Vacuum force() {
    this.force = true;
    return this;
  }

  public Vacuum progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** The files {@link #run()} would delete: path, bytes, last modified. */
  public Table plan() {
    UnreferencedFiles.Plan plan = UnreferencedFiles.plan(table, retention, force);
    StringColumn path = StringColumn.create("path");
    LongColumn bytes = LongColumn.create("bytes");
    InstantColumn modified = InstantColumn.create("modified");
    for (Storage.Entry file : plan.files()) {
      path.append(table.relativize(file.location()));
      bytes.append(file.size());
      modified.append(Instant.ofEpochMilli(file.modificationTime()));
    }
    return Table.create("vacuum of " + table.name() + "@v" + plan.version() + " would delete "
        + Words.count(plan.files().size(), "file") + " (" + Words.bytes(plan.bytes()) + ")", path, bytes, modified);
  }

  /** Deletes the files; returns how many files and bytes went. */
  public VacuumResult run() {
    UnreferencedFiles.Plan plan = UnreferencedFiles.plan(table, retention, force);
    int deleted = UnreferencedFiles.run(plan, progress);
    return new VacuumResult(plan.version(), deleted, plan.bytes(), plan.retention());
  }
}
