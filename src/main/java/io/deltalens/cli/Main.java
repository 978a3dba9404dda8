package io.deltalens.cli;

import io.delta.kernel.Snapshot;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaLensException;
import io.deltalens.read.CheckpointFiles;
import io.deltalens.read.Describe;
import io.deltalens.read.FileList;
import io.deltalens.table.DeltaTable;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

/** {@code deltalens <command>}: see {@code --help}. */
@Command(name = "deltalens", mixinStandardHelpOptions = true, version = "deltalens 0.1",
    description = "Create, append to and look inside Delta Lake tables without Spark.",
    subcommands = {CreateCommand.class, AppendCommand.class, CheckpointCommand.class,
        ReadCommand.class, TourCommand.class})
public final class Main implements Runnable {
  static final int BAD_INPUT = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** Rows a text table shows; json and csv print all. */
  static final int TEXT_ROWS = 50;

  @Command(name = "history",
      description = "One row per version: time, operation, files and rows added, engine.")
  void history(@Parameters(paramLabel = "<table>") Path table, @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).history());
  }

  @Command(name = "files",
      description = "The live files of a version with numRecords and per-column min/max/null counts.")
  void files(@Parameters(paramLabel = "<table>") Path table,
      @Option(names = "--version", description = "Version (default: latest).") Long version,
      @Option(names = "--where", description = "Filter whose file skipping to explain.") String where,
      @Option(names = "--explain", description = "With --where: which files are kept or skipped, and why.")
          boolean explain,
      @Mixin CommonOptions common) {
    DeltaTable t = DeltaLens.open(table);
    Snapshot snapshot = version == null ? t.snapshot() : t.snapshot(version);
    if (explain != (where != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--explain and --where go together");
    }
    show(common, explain ? FileList.explain(snapshot, where) : FileList.of(snapshot));
  }

  @Command(name = "commit",
      description = "The raw actions of one commit: type, key field, summary, JSON.")
  void commit(@Parameters(index = "0", paramLabel = "<table>") Path table,
      @Parameters(index = "1", paramLabel = "<version>") long version, @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).commit(version));
  }

  @Command(name = "checkpoints",
      description = "The table's checkpoints: version, kind (classic, multi-part, v2), files, bytes, actions.")
  void checkpoints(@Parameters(paramLabel = "<table>") Path table, @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).checkpoints());
  }

  @Command(name = "show-checkpoint",
      description = "A checkpoint's actions, struct fields spread over columns (add.path, add.stats, ...).")
  void showCheckpoint(
      @Parameters(paramLabel = "<table-or-checkpoint-file>") Path target,
      @Option(names = "--version", description = "Checkpoint version (default: the newest).") Long version,
      @Mixin CommonOptions common) {
    show(common, java.nio.file.Files.isRegularFile(target)
        ? CheckpointFiles.load(target) : CheckpointFiles.load(DeltaLens.open(target).path(), version));
  }

  @Command(name = "describe",
      description = "Schema, properties, protocol and features, files, rows, bytes, created and modified.")
  void describe(@Parameters(paramLabel = "<table>") Path table,
      @Option(names = "--version", description = "Version (default: latest).") Long version,
      @Mixin CommonOptions common) {
    DeltaTable t = DeltaLens.open(table);
    show(common, Describe.of(t.path(), version == null ? t.snapshot() : t.snapshot(version)));
  }

  @Command(name = "diff",
      description = "What changed between two versions: files, rows, columns, properties.")
  void diff(@Parameters(index = "0", paramLabel = "<table>") Path table,
      @Parameters(index = "1", paramLabel = "<from>") long from,
      @Parameters(index = "2", paramLabel = "<to>") long to, @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).diff(from, to));
  }

  private static void show(CommonOptions common, Table table) {
    common.output().table(table, TEXT_ROWS);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 done, 1 bad input or failure, 2 usage error. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + message(e));
          if (Boolean.getBoolean("deltalens.trace") || !(e instanceof DeltaLensException)) {
            e.printStackTrace(cmd.getErr());
          }
          return BAD_INPUT;
        })
        .execute(args);
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
