package io.deltalens.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(names = "--format", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json is one object per line.")
  Output.Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-v", "--verbose"}, description = "Show Kernel and Hadoop log messages (info level).")
  void verbose(boolean on) {
    if (on) {
      // read when the first logger is made, which is after option parsing
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
  }

  Output output() {
    return new Output(format, System.out);
  }
}
