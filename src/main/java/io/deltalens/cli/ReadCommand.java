package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.TableRead;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

@Command(name = "read",
    description = "Read a version of a table (default: the latest) as a table of rows.")
final class ReadCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @ArgGroup(exclusive = true)
  At at;

  static final class At {
    @Option(names = "--version", paramLabel = "<N>", description = "Version number.")
    Long version;

    @Option(names = "--timestamp", paramLabel = "<time>", description = "The version current at this ISO-8601 time.")
    String timestamp;
  }

  @Option(names = "--columns", split = ",", paramLabel = "<column>", description = "Columns to show, comma-separated.")
  List<String> columns = List.of();

  @Option(names = "--where", paramLabel = "<expr>", description = "Row filter, e.g. \"amount > 10 and name in ('bob','carol')\".")
  String where;

  @Option(names = "--limit", paramLabel = "<N>", description = "At most this many rows.")
  Integer limit;

  @Mixin
  CommonOptions common;

  /** Rows per frame when CSV or JSON output streams. */
  private static final int STREAM_ROWS = 65_536;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    if (limit != null && limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more; got " + limit);
    }
    TableRead read = DeltaLens.open(table).read().columns(columns).where(where);
    if (at != null && at.version != null) {
      read.version(at.version);
    } else if (at != null) {
      read.timestamp(at.timestamp);
    }
    Output out = common.output();
    if (!out.isText()) {
      // row by row formats stream: any table size prints in a bounded heap
      read.limit(limit == null ? Integer.MAX_VALUE : limit);
      boolean[] first = {true};
      read.forEachChunk(STREAM_ROWS, chunk -> {
        out.rows(chunk, first[0]);
        first[0] = false;
      });
      return;
    }
    boolean capped = limit == null;
    read.limit(capped ? Main.TEXT_ROWS + 1 : limit);
    Table rows = read.progress(out::progress).toTable();
    if (capped && rows.rowCount() > Main.TEXT_ROWS) {
      out.table(rows.first(Main.TEXT_ROWS), Main.TEXT_ROWS, false);
      System.out.println("… more rows not shown: use --limit N, or --format csv|json for all");
    } else {
      out.table(rows, Integer.MAX_VALUE, false);
    }
  }
}
