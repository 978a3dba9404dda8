package io.deltalens.cli;

import io.deltalens.Landing;
import io.deltalens.LandingReport;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch",
    description = "Register parquet files as they land in a table's folder or prefix (or one under it):"
        + " one commit per cycle, each file exactly once, statistics from footers.")
final class WatchCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  String table;

  @Option(names = "--landing", paramLabel = "<folder|prefix>",
      description = "Where files land, under the table (default: the table's folder, outside _delta_log).")
  String landing;

  @Option(names = "--interval", defaultValue = "10s", paramLabel = "<duration>",
      converter = LandingOptions.DurationConverter.class,
      description = "Time between cycles, e.g. 500ms, 10s, 2m. Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(names = "--settle", defaultValue = "2s", paramLabel = "<duration>",
      converter = LandingOptions.DurationConverter.class,
      description = "A local file changed more recently than this is left for the next cycle (it may still be"
          + " being written). Default: ${DEFAULT-VALUE}.")
  Duration settle;

  @Option(names = "--lookback", defaultValue = "1h", paramLabel = "<duration>",
      converter = LandingOptions.DurationConverter.class,
      description = "How long after its time a file may first show in a listing (uploads, clocks apart): a run"
          + " reads the commits since this long before the last full listing, not the whole table."
          + " Default: ${DEFAULT-VALUE}.")
  Duration lookback;

  @Option(names = "--once", description = "Run one cycle and exit (for cron); exit 1 when it failed.")
  boolean once;

  @Mixin
  LandingOptions options;

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    Output out = common.output();
    Landing watch = options.landing(table, out).settle(settle).lookback(lookback);
    if (landing != null) {
      watch.from(landing);
    }
    if (once) {
      LandingOptions.print(out, watch.runOnce(), false);
      return;
    }
    out.progress("watching " + table + " every " + interval.toMillis() + " ms (Ctrl-C stops)");
    watch.watch(interval, (LandingReport report) -> {
      LandingOptions.print(out, report, true);
      System.out.flush();
    });
  }
}
