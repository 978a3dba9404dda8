package io.deltalens;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.upkeep.Verification;
import java.util.function.Consumer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A check of a table version against its files: {@code table.verify().deep().run().ok()}. Every file the
 * version references must exist with its recorded size; {@link #deep()} also reads every file and checks
 * its recorded row count, null counts and min/max (the statistics readers skip files by) against its rows.
 * Where the version was read from a checkpoint and the log still holds every commit, the checkpoint must
 * give the files the commits give.
 */
public final class Verify {
  private final Location table;
  private Long version;
  private boolean deep;
  private Consumer<String> progress = message -> {};

  Verify(Location table) {
    this.table = table;
  }

  /** Checks {@code version} instead of the latest. */
  public Verify version(long version) {
    this.version = version;
    return this;
  }

  /** Also reads every file and checks its statistics against its rows. */
  public Verify deep() {
    this.deep = true;
    return this;
  }

  public Verify progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  public VerifyReport run() {
    Verification.Report report = Verification.run(table, version, deep, progress);
    StringColumn file = StringColumn.create("file");
    StringColumn check = StringColumn.create("check");
    StringColumn detail = StringColumn.create("problem");
    for (Verification.Problem problem : report.problems()) {
      file.append(problem.file());
      check.append(problem.check());
      detail.append(problem.detail());
    }
    return new VerifyReport(report.version(), report.files(), report.deep(), report.checkpointChecked(),
        Table.create("problems of " + table.name() + "@v" + report.version(), file, check, detail));
  }
}
