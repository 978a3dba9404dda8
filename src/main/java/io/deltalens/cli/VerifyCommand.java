package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.Verify;
import io.deltalens.VerifyReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
    description = "Check that every file a version references exists with its recorded size; with --deep, that"
        + " its statistics match its rows; and that the checkpoint agrees with the commits. Exit 1 on any problem.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @Option(names = "--version", paramLabel = "<N>", description = "Version to check (default: the latest).")
  Long version;

  @Option(names = "--deep", description = "Read every file: row counts, null counts and min/max against the log.")
  boolean deep;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    Verify verify = DeltaLens.open(table).verify().progress(common.output()::progress);
    if (version != null) {
      verify.version(version);
    }
    if (deep) {
      verify.deep();
    }
    VerifyReport report = verify.run();
    if (!report.ok()) {
      common.output().table(report.problems(), Integer.MAX_VALUE, true);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("table", table.toString());
    result.put("version", report.version());
    result.put("files", report.files());
    result.put("deep", report.deep());
    result.put("checkpointChecked", report.checkpointChecked());
    result.put("problems", report.problems().rowCount());
    common.output().record(result, report.toString());
    return report.ok() ? 0 : 1;
  }
}
