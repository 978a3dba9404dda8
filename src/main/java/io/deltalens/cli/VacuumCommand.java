package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.Vacuum;
import io.deltalens.VacuumResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vacuum",
    description = "Delete data files no version inside the retention window needs (never the log, the latest"
        + " version's files or files written inside the window).")
final class VacuumCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @Option(names = "--retain", paramLabel = "<duration>", converter = LandingOptions.DurationConverter.class,
      description = "Keep what versions of this last stretch need, e.g. 168h or 7d (default: the table's"
          + " delta.deletedFileRetentionDuration, a week).")
  Duration retain;

  @Option(names = "--dry-run", description = "List the files it would delete and delete nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Allow a retention under the table's (older versions become unreadable).")
  boolean force;

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    Vacuum vacuum = DeltaLens.open(table).vacuum().retain(retain).progress(common.output()::progress);
    if (force) {
      vacuum.force();
    }
    if (dryRun) {
      common.output().titled(vacuum.plan(), 50);
      return;
    }
    VacuumResult r = vacuum.run();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("table", table.toString());
    result.put("version", r.version());
    result.put("filesDeleted", r.filesDeleted());
    result.put("bytesDeleted", r.bytesDeleted());
    common.output().record(result, r.toString());
  }
}
