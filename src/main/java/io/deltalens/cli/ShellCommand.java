package io.deltalens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deltalens shell}: jshell with deltalens on the class path and {@code jshell-startup.jsh} loaded
 * ({@link Shell}, which the launcher starts directly, without the command line's parsing).
 */
@Command(name = "shell",
    description = {"Start jshell with deltalens on the class path and jshell-startup.jsh loaded:",
        "open(dir), create(dir), show(table), and the deltalens imports; Tab twice after a method's",
        "open parenthesis shows its documentation."})
final class ShellCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "<script-or-jshell-option>",
      description = "A jshell script to run (e.g. steps.jsh), or options passed to jshell.")
  List<String> jshellArgs = new ArrayList<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return Shell.run(jshellArgs);
  }
}
