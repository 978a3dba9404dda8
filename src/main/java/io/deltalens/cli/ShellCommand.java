package io.deltalens.cli;

import io.deltalens.DeltaLensException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deltalens shell}: jshell with deltalens on the class path and {@code jshell-startup.jsh} loaded.
 * The launcher starts jshell itself (one JVM less); this command serves {@code java -cp ... Main shell}
 * and {@code --help}.
 */
@Command(name = "shell",
    description = {"Start jshell with deltalens on the class path and jshell-startup.jsh loaded:",
        "open(dir), create(dir), show(table), and the deltalens imports."})
final class ShellCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "<script-or-jshell-option>",
      description = "A jshell script to run (e.g. steps.jsh), or options passed to jshell.")
  List<String> jshellArgs = new ArrayList<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path startup = Path.of(System.getProperty("deltalens.home", ".")).resolve("jshell-startup.jsh");
    if (!Files.isRegularFile(startup)) {
      throw new DeltaLensException("cannot find jshell-startup.jsh in " + startup.getParent()
          + " (set -Ddeltalens.home to the deltalens folder, or start it with bin/deltalens shell)");
    }
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    List<String> command = new ArrayList<>(List.of(jshell.toString(),
        "--class-path", System.getProperty("java.class.path").replace(File.pathSeparatorChar, ':'),
        "--startup", "DEFAULT", "--startup", startup.toString()));
    command.addAll(jshellArgs);
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
