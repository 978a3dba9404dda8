package io.deltalens.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  private static final String VERBOSE = "deltalens.verbose";

  @Option(names = "--format", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json is one object per line.")
  Output.Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-v", "--verbose"},
      description = "Show Kernel's and Hadoop's log messages (info level), and stack traces of errors.")
  void verbose(boolean on) {
    if (on) {
      // read when the first logger is made, which is after option parsing
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      System.setProperty(VERBOSE, "true");
    }
  }

  /** Whether -v was given (or the deltalens.verbose property set). */
  static boolean verbose() {
    return Boolean.getBoolean(VERBOSE);
  }

  Output output() {
    return new Output(format, System.out);
  }
}
