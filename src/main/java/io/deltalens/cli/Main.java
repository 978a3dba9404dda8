package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.TextTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

/** {@code deltalens <command>}: see {@code --help}. */
@Command(name = "deltalens", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Create, append to and look inside Delta Lake tables without Spark.",
    subcommands = {CommandLine.HelpCommand.class, CreateCommand.class, AppendCommand.class,
        CheckpointCommand.class, CompactCommand.class, VacuumCommand.class, VerifyCommand.class, WatchCommand.class,
        IngestCommand.class, ReadCommand.class, TourCommand.class, ShellCommand.class})
public final class Main implements Runnable {
  static final int BAD_INPUT = 1;
  static final int USAGE = 2;

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
  void history(@Parameters(paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Option(names = "--chart", description = "As a timeline: rows added per version as bars, files added and"
          + " removed, compactions and checkpoints marked (text output).") boolean chart,
      @Mixin CommonOptions common) {
    DeltaTable t = DeltaLens.open(table);
    if (chart && common.output().isText()) {
      common.output().text(TextTable.timeline(t, TEXT_ROWS));
      return;
    }
    show(common, t.history());
  }

  @Command(name = "files",
      description = "The live files of a version with numRecords and per-column min/max/null counts.")
  void files(@Parameters(paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Option(names = "--version", paramLabel = "<N>", description = "Version (default: latest).") Long version,
      @Option(names = "--where", paramLabel = "<expr>",
          description = "Only the files data skipping keeps for this filter (with --explain: all, and why).")
          String where,
      @Option(names = "--explain", description = "With --where: every file, kept or skipped, and why.")
          boolean explain,
      @Option(names = "--columns", paramLabel = "<pattern>", split = ",",
          description = "Columns to show, comma-separated; * matches any text (e.g. path,min.*).")
          List<String> columns,
      @Option(names = "--all-columns", description = "Show every column, however wide the text gets.")
          boolean allColumns,
      @Mixin CommonOptions common) {
    if (explain && where == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--explain needs --where <expr>");
    }
    DeltaTable t = DeltaLens.open(table);
    long v = version == null ? t.version() : version;
    Table files = where == null ? t.files(v) : explain ? t.explain(v, where) : t.files(v, where);
    common.output().table(Columns.select(files, columns), TEXT_ROWS, allColumns);
  }

  @Command(name = "commit",
      description = "The raw actions of one commit: type, key field, summary, JSON.")
  void commit(@Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Parameters(index = "1", paramLabel = "<version>", description = "The commit's version.") long version,
      @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).commit(version));
  }

  @Command(name = "checkpoints",
      description = "The table's checkpoints: version, kind (classic, multi-part, v2), files, bytes, actions.")
  void checkpoints(@Parameters(paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).checkpoints());
  }

  @Command(name = "show-checkpoint",
      description = "A checkpoint's actions, struct fields spread over columns (add.path, add.stats, ...).")
  void showCheckpoint(
      @Parameters(paramLabel = "<table-or-checkpoint-file>",
          description = "Table folder or s3:// URI, or one checkpoint file.") Path target,
      @Option(names = "--version", paramLabel = "<N>", description = "Checkpoint version (default: the newest).")
          Long version,
      @Mixin CommonOptions common) {
    if (java.nio.file.Files.isRegularFile(target)) {
      show(common, DeltaLens.showCheckpointFile(target));
    } else {
      DeltaTable t = DeltaLens.open(target);
      show(common, version == null ? t.showCheckpoint() : t.showCheckpoint(version));
    }
  }

  @Command(name = "describe",
      description = "Schema, properties, protocol and features, files, rows, bytes, created and modified.")
  void describe(@Parameters(paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Option(names = "--version", paramLabel = "<N>", description = "Version (default: latest).") Long version,
      @Mixin CommonOptions common) {
    DeltaTable t = DeltaLens.open(table);
    show(common, version == null ? t.describe() : t.describe(version));
  }

  @Command(name = "diff",
      description = "What changed between two versions: files, rows, columns, properties.")
  void diff(@Parameters(index = "0", paramLabel = "<table>", description = "Table folder or s3:// URI.") Path table,
      @Parameters(index = "1", paramLabel = "<from>", description = "The earlier version.") long from,
      @Parameters(index = "2", paramLabel = "<to>", description = "The later version.") long to,
      @Mixin CommonOptions common) {
    show(common, DeltaLens.open(table).diff(from, to));
  }

  private static void show(CommonOptions common, Table table) {
    common.output().table(table, TEXT_ROWS, false);
  }

  public static void main(String[] args) {
    Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
    TablesawStart.load(); // before picocli or a command touches a frame
    int code = run(args);
    ArchiveTraining.runIfRecording();
    System.exit(code);
  }

  /** Runs a command line and returns its exit code: 0 done, 1 bad input or failure, 2 usage error. */
  public static int run(String... args) {
    Optional<Class<?>> alone = args.length == 0 ? Optional.empty() : commandClass(args[0]);
    CommandLine line = alone.map(command -> new CommandLine(command).setCommandName("deltalens " + args[0]))
        .orElseGet(() -> new CommandLine(new Main()))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> fail(cmd.getErr(), e));
    try {
      return line.execute(alone.isPresent() ? Arrays.copyOfRange(args, 1, args.length) : args);
    } catch (Throwable e) { // an Error (out of memory, a disk error) skips picocli's handler
      return fail(line.getErr(), e);
    }
  }

  /**
   * The command class {@code name} names, which then runs alone, as the root of its own command line:
   * picocli builds the model of every command it is given, by reflection on their annotations (a tenth of
   * a second for all of them at start), and a run needs one. No command reads its parent's.
   */
  private static Optional<Class<?>> commandClass(String name) {
    for (Class<?> command : Main.class.getAnnotation(Command.class).subcommands()) {
      Command named = command.getAnnotation(Command.class);
      if (command != CommandLine.HelpCommand.class && named.name().equals(name)) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }

  /**
   * A failure that ends a thread of the JVM's own (a fork-join worker) as Java would print it, except running
   * out of memory: the command that ran out says so in its one line, and a worker's stack trace with it would
   * be a second.
   */
  private static void uncaught(Thread thread, Throwable e) {
    if (e instanceof OutOfMemoryError && !CommonOptions.verbose()) {
      return;
    }
    System.err.print("Exception in thread \"" + thread.getName() + "\" ");
    e.printStackTrace();
  }

  /** One line on stderr always; the stack trace only with -v. */
  private static int fail(PrintWriter err, Throwable e) {
    Throwable cause = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
    err.println("error: " + Failures.summary(cause));
    if (CommonOptions.verbose()) {
      cause.printStackTrace(err);
    }
    err.flush();
    return BAD_INPUT;
  }

  /** {@code --version}: the project's version, from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties build = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/deltalens-build.properties")) {
        if (in != null) {
          build.load(in);
        }
      }
      return new String[] {"deltalens " + build.getProperty("version", "(unknown version)")};
    }
  }
}
