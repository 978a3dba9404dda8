package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkpoint",
    description = "Write a checkpoint of a version (default: the latest) and point _last_checkpoint at it.")
final class CheckpointCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.")
  Path table;

  @Option(names = "--version", paramLabel = "<N>", description = "Version to checkpoint.")
  Long version;

  @Mixin
  CommonOptions common;

  @Override
  public void run() {
    DeltaTable t = DeltaLens.open(table);
    long written = version == null ? t.checkpoint() : t.checkpoint(version);
    String file = t.location() + String.format("/_delta_log/%020d.checkpoint.parquet", written);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("table", t.location());
    result.put("version", written);
    result.put("file", file.toString());
    common.output().record(result, "checkpoint of version " + written + ": " + file);
  }
}
