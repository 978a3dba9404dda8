package io.deltalens.cli;

import io.deltalens.DeltaLensException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
