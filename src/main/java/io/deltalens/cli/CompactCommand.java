package io.deltalens.cli;

import io.deltalens.Compact;
import io.deltalens.CompactResult;
import io.deltalens.DeltaLens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compact",
    description = "Pack small files (and files with deleted rows) into files near a target size, per partition,"
        + " in one OPTIMIZE commit that changes no data; appends may run at the same time.")
final class CompactCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @Option(names = "--where", paramLabel = "<predicate>",
      description = "Only partitions this predicate on partition columns selects, e.g. \"day >= '2026-12-01'\".")
  String where;

  @Option(names = "--target-size", defaultValue = "128MiB", paramLabel = "<size>", converter = Sizes.class,
      description = "Size new files aim at (default: ${DEFAULT-VALUE}).")
  long targetSize;

  @Option(names = "--min-files", defaultValue = "2", paramLabel = "<N>",
      description = "Leave a bin of fewer files alone (default: ${DEFAULT-VALUE}).")
  int minFiles;

  @Option(names = "--dry-run", description = "Show the bins it would write and change nothing.")
  boolean dryRun;

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    Compact compact = DeltaLens.open(table).compact().where(where).targetSize(targetSize).minFiles(minFiles)
        .progress(common.output()::progress);
    if (dryRun) {
      common.output().titled(compact.plan(), 50);
      return;
    }
    CompactResult r = compact.commit();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("table", table.toString());
    result.put("version", r.committed() ? r.version() : null);
    result.put("filesRemoved", r.filesRemoved());
    result.put("filesAdded", r.filesAdded());
    result.put("bytesRemoved", r.bytesRemoved());
    result.put("bytesAdded", r.bytesAdded());
    result.put("rows", r.rows());
    common.output().record(result, r.toString());
  }
}
