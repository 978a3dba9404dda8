package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.DeltaLensException;
import io.deltalens.table.AppendMode;
import io.deltalens.table.AppendResult;
import io.deltalens.table.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "append",
    description = "Append parquet files (or folders of them) to a table in one commit.")
final class AppendCommand implements Runnable {
  @Parameters(index = "0", description = "Table directory.")
  Path table;

  @Parameters(index = "1..*", arity = "1..*", description = "Parquet files or folders.")
  List<Path> files;

  @Option(names = "--mode", defaultValue = "copy",
      description = "copy: rewrite rows into the table; register: add files under the table as they are"
          + " (statistics from footers). Default: ${DEFAULT-VALUE}.")
  AppendMode mode;

  @Option(names = "--create-if-absent",
      description = "Create the table from the first file's schema when it does not exist.")
  boolean createIfAbsent;

  @Option(names = "--merge-schema", description = "Add the files' new columns to the table (nullable).")
  boolean mergeSchema;

  @Option(names = "--txn", paramLabel = "<appId>:<version>",
      description = "Exactly once: skip when this version (or a later one) was committed for appId.")
  String txn;

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    Output out = common.output();
    DeltaTable target = open();
    var append = target.newAppend().appendFiles(files).mode(mode).mergeSchema(mergeSchema)
        .progress(out::progress);
    if (txn != null) {
      int colon = txn.lastIndexOf(':');
      try {
        append.txn(txn.substring(0, Math.max(colon, 0)), Long.parseLong(txn.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new DeltaLensException("--txn takes <appId>:<version>, e.g. ingest-job:42; got '" + txn + "'");
      }
    }
    AppendResult result = append.commit();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("table", target.path().toString());
    fields.put("version", result.version());
    fields.put("committed", result.committed());
    fields.put("alreadyCommitted", result.alreadyCommitted());
    fields.put("mode", result.mode().name().toLowerCase());
    fields.put("filesAdded", result.filesAdded());
    fields.put("rowsAdded", result.rowsAdded());
    fields.put("filesSkipped", result.filesSkipped());
    fields.put("addedColumns", result.addedColumns());
    out.record(fields, result.toString());
  }

  private DeltaTable open() {
    if (!createIfAbsent || DeltaLens.exists(table.toString())) {
      return DeltaLens.open(table);
    }
    Path first = files.get(0);
    if (Files.isDirectory(first)) {
      throw new DeltaLensException("--create-if-absent takes the schema from the first file; "
          + first + " is a folder, name a file first");
    }
    return DeltaLens.create(table).schemaFromParquet(first).ifAbsent().commit();
  }
}
