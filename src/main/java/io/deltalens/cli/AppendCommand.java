package io.deltalens.cli;

import io.deltalens.Append;
import io.deltalens.AppendMode;
import io.deltalens.AppendResult;
import io.deltalens.DeltaLens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "append",
    description = "Append parquet files (or folders of them) to a table in one commit.")
final class AppendCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "<file-or-folder>",
      description = "Parquet files, or folders whose parquet files are appended.")
  List<Path> files;

  @Option(names = "--mode", defaultValue = "copy", paramLabel = "copy|register",
      description = "copy: rewrite rows into the table; register: add files under the table as they are"
          + " (statistics from footers). Default: ${DEFAULT-VALUE}.")
  AppendMode mode;

  @Option(names = "--create-if-absent",
      description = "Create the table when it does not exist, with the columns of the files"
          + " (they must agree; with --merge-schema, their union) and the files in version 0.")
  boolean createIfAbsent;

  @Option(names = "--merge-schema", description = "Add the files' new columns to the table (nullable).")
  boolean mergeSchema;

  @Option(names = "--txn", paramLabel = "<appId>:<version>", converter = Txn.Converter.class,
      description = "Exactly once: skip when this version (or a later one) was committed for appId.")
  Txn txn;

  @Option(names = "--stats-from-data", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Register mode: compute statistics that footers lack (INT96 timestamps, files written"
          + " without statistics) from those columns' data. On by default; --no-stats-from-data turns it off.")
  boolean statsFromData;

  @Mixin
  CommonOptions common;

  /** {@code --txn appId:version}. */
  record Txn(String appId, long version) {
    static final class Converter implements CommandLine.ITypeConverter<Txn> {
      @Override
      public Txn convert(String text) {
        int colon = text.lastIndexOf(':');
        try {
          long version = Long.parseLong(text.substring(colon + 1));
          if (colon > 0 && version >= 0) {
            return new Txn(text.substring(0, colon), version);
          }
        } catch (NumberFormatException e) {
          // said below
        }
        throw new CommandLine.TypeConversionException(
            "takes <appId>:<version> with a version >= 0, e.g. ingest-job:42; got '" + text + "'");
      }
    }
  }

  @Override
  public void run() {
    Output out = common.output();
    Append append = DeltaLens.append(table).appendFiles(files).mode(mode).mergeSchema(mergeSchema)
        .statsFromData(statsFromData).progress(out::progress);
    if (createIfAbsent) {
      append.createIfAbsent();
    }
    if (txn != null) {
      append.txn(txn.appId(), txn.version());
    }
    AppendResult result = append.commit();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("table", append.location());
    fields.put("version", result.version());
    fields.put("committed", result.committed());
    fields.put("alreadyCommitted", result.alreadyCommitted());
    fields.put("mode", result.mode().name().toLowerCase());
    fields.put("filesAdded", result.filesAdded());
    fields.put("rowsAdded", result.rowsAdded());
    fields.put("filesSkipped", result.filesSkipped());
    fields.put("addedColumns", result.addedColumns());
    fields.put("statsFromData", result.statsFromData());
    out.record(fields, result.toString());
  }
}
